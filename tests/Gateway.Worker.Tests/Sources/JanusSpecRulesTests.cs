using System.Text.Json.Nodes;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Tests.Sources;

public sealed class JanusSpecRulesTests
{
    private static Dictionary<string, string[]> Validate(string? url = "ws://127.0.0.1:8188/", long? room = 1234, JsonNode? participants = null,
        string? layout = null, string output = "mp4") =>
        CaptureSpecValidator.Validate(new CaptureSpec
        {
            Source = new SourceSpec { Type = "janus", Url = url, Room = room, Participants = participants },
            Layout = layout,
            Outputs = [new OutputSpec { Type = output }],
        });

    [Fact]
    public void The_api_example_is_valid() => Assert.Empty(Validate(participants: JsonValue.Create("all")));

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:8088/janus")]
    [InlineData("not a url")]
    public void The_url_must_be_a_websocket_url(string? url) => Assert.Contains("source.url", Validate(url: url).Keys);

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    public void A_room_is_required(long? room) => Assert.Contains("source.room", Validate(room: room).Keys);

    [Fact]
    public void Participants_is_all_or_a_list_of_names_or_ids()
    {
        Assert.Empty(Validate(participants: new JsonArray("alice", 42)));
        Assert.Contains("source.participants", Validate(participants: JsonValue.Create("everyone")).Keys);
        Assert.Contains("source.participants", Validate(participants: new JsonArray()).Keys);
        Assert.Contains("source.participants", Validate(participants: new JsonArray(new JsonObject())).Keys);
    }

    [Theory]
    [InlineData("tracks", "audio", true)]
    [InlineData("tracks", "hls", false)]
    [InlineData("composite", "webm", true)]
    [InlineData("composite", "audio", false)]
    [InlineData(null, "rtmp", false)]
    public void Each_layout_takes_the_outputs_it_can_write(string? layout, string output, bool valid) =>
        Assert.Equal(valid, !Validate(layout: layout, output: output).ContainsKey("outputs[0].type"));
}
