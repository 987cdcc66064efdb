using Microsoft.Extensions.Logging;

namespace ScoreJobs.Redaction;

/// <summary>
/// Wraps the host's logger factory, so every logger of every category (ours, Microsoft.Extensions.AI's
/// OpenTelemetryChatClient, the OpenAI and Azure SDKs, System.Net.Http) hands its providers (console, the Functions host,
/// OpenTelemetry's log exporter) a line with no secret in it, at every level. A line with nothing to hide passes
/// through untouched; one with a secret goes on with its message, its values and its exception masked.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor redactor) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var exceptionText = exception?.ToString();
            if (!redactor.Finds(message) && !redactor.Finds(exceptionText) && (values is null || !values.Any(v => redactor.Finds(v.Value?.ToString()))))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var redacted = new RedactedState(redactor.Redact(message),
                values is null ? [] : [.. values.Select(v => v.Key == "{OriginalFormat}" || v.Value is null ? v : new(v.Key, redactor.Redact(v.Value.ToString()!)))]);
            var safeException = exception is not null && redactor.Finds(exceptionText) ? new RedactedException(exception, redactor) : exception;
            inner.Log(logLevel, eventId, redacted, safeException, static (s, _) => s.Message);
        }
    }

    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public int Count => values.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }

    /// <summary>Stands in for an exception whose message or trace holds a secret: its type's name and its text, masked.</summary>
    private sealed class RedactedException(Exception original, SecretRedactor redactor)
        : Exception($"{original.GetType().FullName}: {redactor.Redact(original.Message)}")
    {
        private readonly string _text = redactor.Redact(original.ToString());

        public override string? StackTrace => null;

        public override string ToString() => _text;
    }
}
