namespace ScoreJobs.Queues.Azure;

/// <summary>A message as Get Messages returns it: the pop receipt proves this receiver holds it.</summary>
internal sealed record QueueMessageItem(string MessageId, string PopReceipt, int DequeueCount, string MessageText, DateTimeOffset? InsertionTime);
