// Interop tests run real senders, relays and ffmpeg in real time and measure timing (A/V offsets, frame counts):
// one at a time, so they do not compete with each other for the two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
