namespace ScoreJobs.Callbacks;

/// <summary>A callback's host resolved to an address the rules forbid; nothing was sent.</summary>
internal sealed class CallbackRefusedException(string message) : Exception(message);
