using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Gateway.Rtc.Sdp;

namespace Gateway.Rtc.Tests.Sdp;

public sealed class SdpPropertyTests
{
    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 500)]
    public void Parse_of_write_equals_the_generated_model(SdpMessage model)
    {
        var text = model.ToString();
        Assert.True(SdpMessage.TryParse(text, out var parsed, out var error), error + "\n" + text);
        Assert.Equal(model, parsed);
        Assert.Equal(text, parsed.ToString());
    }

    /// <summary>Keeps the round-trip property honest: the generator must produce every typed attribute and media.</summary>
    [Fact]
    public void Generated_models_cover_every_attribute_type()
    {
        var samples = FsCheck.Fluent.Gen.Sample(SdpGenerators.Message, 30, 300);
        var types = samples.SelectMany(m => m.Attributes.Concat(m.Media.SelectMany(x => x.Attributes))).Select(a => a.GetType()).ToHashSet();
        Assert.Equal(15, types.Count);   // GenericAttribute + 14 typed records
        Assert.Contains(samples, m => m.Media.Count >= 2 && m.Timings.Count >= 1 && m.Connection is not null);
    }

    [Property(MaxTest = 2000)]
    public void TryParse_never_throws_on_arbitrary_strings(string? text) => AssertStable(text!);

    [Property(MaxTest = 2000)]
    public void TryParse_never_throws_on_random_bytes_as_latin1_or_utf8(byte[] bytes)
    {
        AssertStable(Encoding.Latin1.GetString(bytes));
        AssertStable(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Random edits of a real offer reach deep into the attribute parsers, unlike random strings.</summary>
    [Property(MaxTest = 500)]
    public void TryParse_never_throws_on_mutated_captures(PositiveInt seed, byte captureIndex)
    {
        var text = SdpTestData.Read(SdpTestData.Captures[captureIndex % SdpTestData.Captures.Length]);
        var random = new Random(seed.Get);
        var builder = new StringBuilder(text);
        for (var edits = random.Next(1, 8); edits > 0 && builder.Length > 0; edits--)
        {
            int at = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0: builder.Remove(at, Math.Min(random.Next(1, 40), builder.Length - at)); break;
                case 1: builder.Insert(at, " :/=\n\r0123456789ax*"[random.Next(19)]); break;
                case 2: builder[at] = (char)random.Next(0, 0x180); break;
                default: builder.Insert(at, builder.ToString(at, Math.Min(random.Next(1, 60), builder.Length - at))); break;
            }
        }
        AssertStable(builder.ToString());
    }

    /// <summary>Whatever parses writes back to text that parses to the same model and the same text again.</summary>
    internal static void AssertStable(string text)
    {
        if (!SdpMessage.TryParse(text, out var message, out var error))
        {
            Assert.NotEqual(SdpParseErrorReason.None, error.Reason);
            return;
        }
        var written = message.ToString();
        Assert.True(SdpMessage.TryParse(written, out var again, out error), error.ToString());
        Assert.Equal(message, again);
        Assert.Equal(written, again.ToString());
    }
}
