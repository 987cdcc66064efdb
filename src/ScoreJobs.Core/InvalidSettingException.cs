namespace ScoreJobs;

/// <summary>
/// A setting is present but unusable. Thrown at start; the message names the setting and never
/// repeats its value, so a host can print it as it is and stop.
/// </summary>
public sealed class InvalidSettingException(string message) : InvalidOperationException(message);
