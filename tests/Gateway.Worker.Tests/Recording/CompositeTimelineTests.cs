using Gateway.Worker.Recording.Layouts;

namespace Gateway.Worker.Tests.Recording;

public sealed class CompositeTimelineTests
{
    private static CompositeInput Input(double join, double leave, bool video = true, bool audio = true) =>
        new($"/r/{join}.webm", join, leave, video, audio);

    [Fact]
    public void The_timeline_is_cut_at_every_join_and_leave_and_each_piece_lists_who_is_there()
    {
        var segments = CompositeTimeline.Segments([Input(0, 30), Input(0, 20), Input(10, 30)]);
        Assert.Equal(
            [(0.0, 10.0, new[] { 0, 1 }), (10.0, 20.0, new[] { 0, 1, 2 }), (20.0, 30.0, new[] { 0, 2 })],
            segments.Select(s => (s.Start, s.End, s.Participants.ToArray())).ToArray());
    }

    [Fact]
    public void A_participant_without_video_takes_no_tile_and_nobody_on_screen_makes_no_piece()
    {
        var segments = CompositeTimeline.Segments([Input(0, 5), Input(2, 9, video: false), Input(7, 9)]);
        Assert.Equal([(0.0, 5.0, new[] { 0 }), (7.0, 9.0, new[] { 2 })], segments.Select(s => (s.Start, s.End, s.Participants.ToArray())).ToArray());
    }

    [Theory]
    [InlineData(1, 0, 0, 0, 1280, 720)]
    [InlineData(2, 1, 640, 0, 640, 720)]
    [InlineData(3, 2, 0, 360, 640, 360)]
    [InlineData(5, 4, 426, 360, 426, 360)]
    public void Tiles_fill_a_grid_of_ceil_sqrt_n_columns_in_join_order(int count, int slot, int x, int y, int width, int height) =>
        Assert.Equal((x, y, width, height), CompositeTimeline.Tile(slot, count, 1280, 720));

    [Fact]
    public void The_graph_splits_each_input_once_per_piece_and_mixes_audio_delayed_to_the_join()
    {
        var graph = CompositeTimeline.FilterGraph([Input(0, 30), Input(0, 20), Input(10.5, 30)], 30, 1280, 720, 30);
        Assert.Contains("[0:v]split=3[v0_0][v0_1][v0_2];", graph, StringComparison.Ordinal);
        Assert.Contains("[2:v]split=2[v2_0][v2_1];", graph, StringComparison.Ordinal);
        Assert.Contains("[v2_0]trim=start=0:end=9.5,setpts=PTS+10.5/TB,", graph, StringComparison.Ordinal);
        Assert.Contains("adelay=10500|10500[a2]", graph, StringComparison.Ordinal);
        Assert.Contains("amix=inputs=3:duration=longest:normalize=0", graph, StringComparison.Ordinal);
        Assert.EndsWith(",apad[aout]", graph, StringComparison.Ordinal);
        Assert.Contains("[base7]format=yuv420p[vout]", graph, StringComparison.Ordinal);   // 2 + 3 + 2 tiles
    }
}
