namespace ScoreJobs.Cli.Api;

/// <summary>A successful answer: the parsed value, the body as the server sent it (for --json), and its Retry-After.</summary>
internal sealed record ApiReply<T>(T Value, string Json, TimeSpan? RetryAfter);
