namespace Gateway.Pipelines.Storage;

/// <summary>The committed blob does not match the local file (length, Content-MD5 or block list).</summary>
public sealed class UploadVerificationException : Exception
{
    public UploadVerificationException() { }

    public UploadVerificationException(string message) : base(message) { }

    public UploadVerificationException(string message, Exception innerException) : base(message, innerException) { }
}
