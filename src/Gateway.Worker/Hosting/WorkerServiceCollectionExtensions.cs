using Gateway.Pipelines.Receiving;
using Gateway.Pipelines.Sinks;
using Gateway.Pipelines.Tracks;
using Gateway.Worker.Captures;
using Gateway.Worker.Jobs;
using Gateway.Worker.Options;
using Gateway.Worker.Recording;
using Gateway.Worker.Sources;
using Gateway.Worker.Sources.Rtp;
using Gateway.Worker.Sources.Whip;
using Gateway.Worker.Storage;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Hosting;

/// <summary>The capture worker: sources, recording sinks, the capture manager (a hosted service). Options come from AddGatewayOptions.</summary>
public static class WorkerServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayWorker(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICaptureStore>(sp => new JsonFileCaptureStore(
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDirectory, sp.GetRequiredService<ILogger<JsonFileCaptureStore>>()));
        services.AddSingleton<ICaptureSourceFactory>(sp =>
        {
            var rtp = sp.GetRequiredService<IOptions<RtpOptions>>().Value;
            var options = new RtpSourceOptions
            {
                PortRange = rtp.Ports,
                SilenceTimeout = rtp.SilenceTimeout,
                Track = new TrackPipelineOptions
                {
                    Receiver = new RtpReceiverOptions { JitterBuffer = new JitterBufferOptions { Latency = rtp.JitterBufferLatency } },
                },
            };
            return new RtpSourceFactory(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
                sp.GetService<Sources.Rtp.HeldRtpPorts>(), sp.GetRequiredService<Viewers.LiveMediaRegistry>());
        });
        services.AddSingleton<WebRtcHost>();
        services.AddSingleton<ICaptureSourceFactory>(sp =>
        {
            var webRtc = sp.GetRequiredService<IOptions<WebRtcOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var options = new WhipSourceOptions
            {
                ConsentTimeout = webRtc.ConsentTimeout,
                MaxBitrate = (ulong)webRtc.MaxBitrateKbps * 1000,
                Dtls = new Rtc.Dtls.DtlsSessionOptions { TimeProvider = time },
                Track = new TrackPipelineOptions
                {
                    Receiver = new RtpReceiverOptions { JitterBuffer = new JitterBufferOptions { Latency = webRtc.JitterBufferLatency } },
                },
            };
            return new WhipSourceFactory(sp.GetRequiredService<WebRtcHost>(), options, time, sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<Viewers.LiveMediaRegistry>());
        });
        services.AddSingleton<ICaptureSourceFactory>(sp =>
        {
            var webRtc = sp.GetRequiredService<IOptions<WebRtcOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var options = new Sources.Whep.WhepSourceOptions
            {
                ConnectTimeout = webRtc.IceConnectTimeout + TimeSpan.FromSeconds(10),   // ICE's own bound, then the DTLS handshake
                MaxBitrate = (ulong)webRtc.MaxBitrateKbps * 1000,
                Peer = new Rtc.WebRtc.WebRtcOutgoingPeerOptions
                {
                    Ice = webRtc.ToIceAgentOptions(HostCandidates.Resolve(webRtc.Addresses)),
                    Dtls = new Rtc.Dtls.DtlsSessionOptions { TimeProvider = time },
                },
                Track = new TrackPipelineOptions
                {
                    Receiver = new RtpReceiverOptions { JitterBuffer = new JitterBufferOptions { Latency = webRtc.JitterBufferLatency } },
                },
            };
            return new Sources.Whep.WhepSourceFactory(sp.GetRequiredService<WebRtcHost>(), options, time, sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<Viewers.LiveMediaRegistry>());
        });
        services.AddSingleton(sp =>
        {
            var webRtc = sp.GetRequiredService<IOptions<WebRtcOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var options = new Viewers.WhepViewerOptions
            {
                ConsentTimeout = webRtc.ConsentTimeout,
                Dtls = new Rtc.Dtls.DtlsSessionOptions { TimeProvider = time },
            };
            return new Viewers.LiveMediaRegistry(sp.GetRequiredService<WebRtcHost>(), options, time, sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddSingleton<ICaptureSourceFactory>(sp =>
        {
            var webRtc = sp.GetRequiredService<IOptions<WebRtcOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var receiver = new WhipSourceOptions
            {
                ConsentTimeout = webRtc.ConsentTimeout,
                MaxBitrate = (ulong)webRtc.MaxBitrateKbps * 1000,
                Dtls = new Rtc.Dtls.DtlsSessionOptions { TimeProvider = time },
                Track = new TrackPipelineOptions
                {
                    Receiver = new RtpReceiverOptions { JitterBuffer = new JitterBufferOptions { Latency = webRtc.JitterBufferLatency } },
                },
            };
            var options = new Sources.Janus.JanusSourceOptions
            {
                Receiver = receiver,
                FfmpegPath = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.FFmpegPath,
            };
            return new Sources.Janus.JanusSourceFactory(sp.GetRequiredService<WebRtcHost>(), options, time, sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddSingleton<IRecordingSinkFactory>(sp =>
        {
            var gateway = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            // FFMpegCore looks for "ffmpeg" in a folder: a full path names the folder, a bare name means PATH.
            var folder = Path.IsPathRooted(gateway.FFmpegPath) ? Path.GetDirectoryName(gateway.FFmpegPath) ?? "" : "";
            var recording = new FfmpegRecordingSinkFactory(new FfmpegSinkOptions { FfmpegBinaryFolder = folder, DropWrittenPages = gateway.DropWrittenPages, NativeMp4 = gateway.NativeMp4 },
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>());
            return new LiveViewSinkFactory(recording, sp.GetRequiredService<IOptions<HlsOptions>>().Value.ToDefaults(),
                sp.GetRequiredService<LiveThumbnails>());
        });
        services.AddSingleton(sp => new ThumbnailRenderer(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.FFmpegPath));
        services.AddSingleton<LiveThumbnails>();
        services.AddSingleton(sp => new CaptureManagerOptions
        {
            MaxConcurrentCaptures = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxConcurrentCaptures,
            ResumeCaptures = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.ResumeCaptures,
            FfmpegPath = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.FFmpegPath,
        });
        services.AddGatewayStorage();
        services.TryAddSingleton<Disk.IFreeSpaceProbe, Disk.DriveFreeSpaceProbe>();
        services.AddSingleton<Disk.DiskSpaceGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<Disk.DiskSpaceGuard>());
        services.AddSingleton<Webhooks.WebhookSender>();
        services.AddSingleton<Webhooks.WebhookDispatcher>();
        services.AddSingleton<ICaptureEvents>(sp => sp.GetRequiredService<Webhooks.WebhookDispatcher>());
        // Registered before the capture manager so it stops after it: shutdown's final states are still sent.
        services.AddHostedService(sp => sp.GetRequiredService<Webhooks.WebhookDispatcher>());
        services.AddSingleton<CaptureManager>();
        // The shared WebRTC port starts first and stops last, after every capture has finished with it.
        services.AddHostedService(sp => sp.GetRequiredService<WebRtcHost>());
        services.AddHostedService(sp => sp.GetRequiredService<CaptureManager>());
        services.AddGatewayJobs();
        return services;
    }
}
