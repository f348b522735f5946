using System.Text.Json.Nodes;

namespace Gateway.Worker.Sources.Janus;

/// <summary>Reads Janus replies; every failure shape (core error, VideoRoom error code) becomes a <see cref="JanusException"/>.</summary>
internal static class JanusReplies
{
    /// <summary>VideoRoom error codes (janus_videoroom.c) that deserve their own words in a capture's error.</summary>
    private const int NoSuchRoom = 426, Unauthorized = 433, NoSuchFeed = 428;

    /// <summary>The <c>data.id</c> of a create/attach success.</summary>
    public static long Id(JsonObject reply, string what)
    {
        ThrowIfError(reply, what);
        return reply["data"]?["id"]?.GetValue<long>() ?? throw new JanusException($"Janus answered '{what}' without an id");
    }

    /// <summary>The plugin's answer (<c>plugindata.data</c>), checked for an error code.</summary>
    public static JsonObject PluginData(JsonObject reply, string what, long room)
    {
        ThrowIfError(reply, what);
        var data = reply["plugindata"]?["data"] as JsonObject ?? throw new JanusException($"Janus answered '{what}' without plugin data");
        if (data["error_code"]?.GetValue<int>() is { } code)
        {
            var reason = data["error"]?.GetValue<string>() ?? "";
            throw new JanusException(code switch
            {
                NoSuchRoom => $"Janus room {room} not found ({code}: {reason})",
                Unauthorized => $"Janus room {room} refused the pin ({code}: {reason})",
                NoSuchFeed => $"The publisher left before the subscription ({code}: {reason})",
                _ => $"Janus VideoRoom refused '{what}' ({code}: {reason})",
            });
        }
        return data;
    }

    private static void ThrowIfError(JsonObject reply, string what)
    {
        if (reply["janus"]?.GetValue<string>() != "error") return;
        var error = reply["error"];
        throw new JanusException($"Janus refused '{what}' ({error?["code"]}: {error?["reason"]})");
    }
}
