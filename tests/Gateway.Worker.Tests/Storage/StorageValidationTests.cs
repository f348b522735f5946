using Gateway.Worker.Captures;

namespace Gateway.Worker.Tests.Storage;

public sealed class StorageValidationTests
{
    private static CaptureSpec Spec(string? type, string? container = "recordings", string? prefix = null) => new()
    {
        Source = new SourceSpec { Type = "rtp", Sdp = "v=0" },
        Outputs = [new OutputSpec { Type = "mp4" }],
        Storage = new StorageSpec { Type = type, Container = container, Prefix = prefix },
    };

    [Fact]
    public void Azure_without_a_connection_string_is_refused_naming_the_setting()
    {
        var errors = CaptureSpecValidator.Validate(Spec("azure"), azureStorageConfigured: false);
        Assert.Equal(["storage.type"], errors.Keys);
        Assert.Contains("Gateway:Storage:Azure:ConnectionString", errors["storage.type"][0], StringComparison.Ordinal);
        Assert.Empty(CaptureSpecValidator.Validate(Spec("azure"), azureStorageConfigured: true));
    }

    [Fact]
    public void Local_storage_needs_no_account_and_no_container()
    {
        Assert.Empty(CaptureSpecValidator.Validate(Spec("local", container: null), azureStorageConfigured: false));
        Assert.Empty(CaptureSpecValidator.Validate(Spec(null, container: null)));
    }

    [Theory]
    [InlineData("rec", true)]
    [InlineData("recordings-2026", true)]
    [InlineData("0abc", true)]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc", true)]    // 63
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd", false)]   // 64
    [InlineData("ab", false)]
    [InlineData("Recordings", false)]
    [InlineData("-rec", false)]
    [InlineData("rec-", false)]
    [InlineData("re--c", false)]
    [InlineData("rec_x", false)]
    [InlineData("réc", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Container_names_follow_the_Azure_rules(string? container, bool valid)
    {
        var errors = CaptureSpecValidator.Validate(Spec("azure", container), azureStorageConfigured: true);
        Assert.Equal(valid, !errors.ContainsKey("storage.container"));
    }

    [Theory]
    [InlineData("standup/", true)]
    [InlineData("teams/standup/2026-11/", true)]
    [InlineData("", true)]
    [InlineData("/standup", false)]
    [InlineData("a/../b/", false)]
    [InlineData("./a", false)]
    [InlineData("a\\b", false)]
    [InlineData("a\nb", false)]
    public void Prefixes_cannot_escape_or_carry_control_characters(string prefix, bool valid)
    {
        var errors = CaptureSpecValidator.Validate(Spec("azure", prefix: prefix), azureStorageConfigured: true);
        Assert.Equal(valid, !errors.ContainsKey("storage.prefix"));
    }

    [Fact]
    public void Blob_names_put_the_capture_under_the_prefix()
    {
        Assert.Equal("standup/c_1/recording.mp4", Gateway.Worker.Storage.BlobNames.For("standup/", "c_1", "recording.mp4"));
        Assert.Equal("standup/c_1/recording.mp4", Gateway.Worker.Storage.BlobNames.For("standup", "c_1", "recording.mp4"));
        Assert.Equal("c_1/audio.ogg", Gateway.Worker.Storage.BlobNames.For(null, "c_1", "audio.ogg"));
    }
}
