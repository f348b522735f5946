using Gateway.Pipelines.Storage;
using Gateway.Worker.Captures;
using Gateway.Worker.Recording;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Storage;

/// <summary>
/// Azure Blob storage for captures that ask for it (<c>storage: { type: "azure", container, prefix }</c>): outputs are
/// staged while recording, committed and verified after it, and then deleted locally; the upload state lives in
/// <c>upload.json</c> beside the files (<see cref="UploadManifestStore"/>).
/// </summary>
public sealed class CaptureStorage(
    bool azureConfigured,
    UploadManifestStore manifests,
    IBlobTargetFactory blobs,
    UploadSettings settings,
    ActiveRecordings active,
    UploadRetryService background,
    TimeProvider time,
    ILoggerFactory loggers) : ICaptureStorage
{
    private readonly ILogger _logger = loggers.CreateLogger("Gateway.Worker.Storage.CaptureUpload");

    public bool AzureConfigured => azureConfigured;

    public ICaptureUpload? BeginRecording(string captureId, CaptureSpec spec, IRecordingSink sink)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sink);
        if (spec.Storage is not { Type: "azure", Container: { } container }) return null;
        var outputs = sink.SnapshotOutputs()
            .Select((o, i) => (Index: i, Path: o.Location is { } location ? new Uri(location).LocalPath : null))
            .Where(o => o.Path is not null)
            .Select(o => new OutputUpload
            {
                Index = o.Index,
                LocalPath = o.Path!,
                BlobName = BlobNames.For(spec.Storage.Prefix, captureId, HlsUploads.NameInCapture(o.Path!)),
                ContentType = BlobNames.ContentTypeFor(o.Path!),
            })
            .ToList();
        active.Add(captureId);   // first: the background loop must never see this manifest as one to finish
        manifests.Put(new UploadManifest { CaptureId = captureId, Container = container, Outputs = outputs, NextAttemptAt = time.GetUtcNow() });
        var session = new CaptureUploadSession(captureId,
            outputs.Select(o => (o.Index, o.BlobName, new GrowingFileUpload(o.LocalPath, blobs.Open(container, o.BlobName), settings.Staging, time))).ToList(),
            manifests, settings, active, background, time, _logger);
        _logger.UploadStarted(captureId, container);
        session.Start();
        return session;
    }

    public IReadOnlyList<OutputStatus> Present(string captureId, IReadOnlyList<OutputStatus> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (manifests.Get(captureId) is not { } manifest) return outputs;
        return outputs.Select((output, i) => manifest.Outputs.FirstOrDefault(u => u.Index == i) is { } upload
            ? output with
            {
                Upload = upload.ToStatus(),
                Location = upload.State == UploadStates.Uploaded ? upload.BlobUrl : output.Location,
                Bytes = upload.State == UploadStates.Uploaded ? upload.Bytes ?? output.Bytes : output.Bytes,
            }
            : output).ToList();
    }
}
