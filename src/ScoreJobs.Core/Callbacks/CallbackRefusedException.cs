namespace ScoreJobs.Callbacks;

/// <summary>A callback's host resolved to an address the rules forbid; nothing was sent.</summary>
public sealed class CallbackRefusedException(string message) : Exception(message);
