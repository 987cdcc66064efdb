using Microsoft.Extensions.Options;

namespace ScoreJobs.Fakes;

/// <summary>Options a test changes while the code runs, as a configuration reload would.</summary>
internal sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
