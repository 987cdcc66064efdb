namespace ScoreFunctions.Hosting;

/// <summary>
/// A test that runs the app under a real Functions host. Where no host can be found it is skipped, saying why on
/// one line, so it never counts as passed; in CI (<c>CI=true</c>) a missing host is a failure instead, from the fixture.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FunctionsHostFactAttribute : FactAttribute
{
    public FunctionsHostFactAttribute()
    {
        if (SkipReason is { } reason) Skip = reason;
    }

    public static string? SkipReason { get; } =
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ? null : FunctionsHostLocator.MissingReason;
}
