namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// Endpoint metadata: the route also takes these text bodies (JSONL, CSV). Only one <c>Accepts</c> per route reaches
/// the document, so the operation transformer adds these beside the JSON body.
/// </summary>
internal sealed record AcceptsText(IReadOnlyList<string> ContentTypes, string Description);
