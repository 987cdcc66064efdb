namespace ScoreJobs.Judge.Batch;

/// <summary>
/// One judge call to make through the Batch API: its <c>custom_id</c> (the judge response cache's key of the request,
/// under which the reply will be stored) and the exact chat completion body the live client would have sent.
/// </summary>
internal sealed record BatchRequest(string CustomId, ReadOnlyMemory<byte> Body);
