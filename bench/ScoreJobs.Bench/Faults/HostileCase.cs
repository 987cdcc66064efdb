namespace ScoreJobs.Bench.Faults;

/// <summary>
/// One request a careless or malicious client might send. <see cref="Build"/> makes it through HttpClient (with the
/// good token unless <see cref="Authorize"/> is false); <see cref="Raw"/> is sent byte for byte over a socket, for
/// what HttpClient refuses to send (dot segments, broken request lines, bad header bytes).
/// </summary>
internal sealed record HostileCase(string Group, string Name, Func<HttpRequestMessage>? Build = null, byte[]? Raw = null, bool Authorize = true);
