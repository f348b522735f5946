using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Api.Tests.Infrastructure;

/// <summary>Keeps every log line of a test host, with its event id, structured values and the values of its scopes.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries, () => _scopes);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries, Func<IExternalScopeProvider> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes().Push(state);
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            var scoped = new Dictionary<string, object?>(StringComparer.Ordinal);
            scopes().ForEachScope((scope, into) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs) foreach (var (k, v) in pairs) into[k] = v;
                else if (scope is IEnumerable<KeyValuePair<string, object?>> nullable) foreach (var (k, v) in nullable) into[k] = v;
            }, scoped);
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception),
                values.ToDictionary(v => v.Key, v => v.Value), scoped));
        }
    }
}

public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> Values,
    IReadOnlyDictionary<string, object?>? Scopes = null);
