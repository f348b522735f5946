namespace Gateway.Pipelines.Codecs;

public enum MediaKind
{
    Audio,
    Video,
}
