using Gateway.Worker.Captures;
using Gateway.Worker.Recording;

namespace Gateway.Worker.Storage;

/// <summary>Where a capture's outputs go besides the data directory: the hooks the capture code calls.</summary>
public interface ICaptureStorage
{
    /// <summary>True when <c>Gateway:Storage:Azure:ConnectionString</c> is set.</summary>
    bool AzureConfigured { get; }

    /// <summary>
    /// Called once the sink exists (its output paths are known). Returns null for local storage; otherwise the
    /// outputs are staged to the cloud while they grow. Cheap and non-blocking: it runs on the media path.
    /// </summary>
    ICaptureUpload? BeginRecording(string captureId, CaptureSpec spec, IRecordingSink sink);

    /// <summary>The outputs as the resource shows them: upload state added, location the blob URL once uploaded.</summary>
    IReadOnlyList<OutputStatus> Present(string captureId, IReadOnlyList<OutputStatus> outputs);
}

/// <summary>The upload of one running capture.</summary>
public interface ICaptureUpload
{
    /// <summary>The sink has finalized: the files are final. Returns at once; the commit runs in the background.</summary>
    void RecordingFinished();
}
