namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// Endpoint metadata: the route also takes these text bodies (JSONL, CSV). Only one <c>Accepts</c> per route reaches
/// the document, so the operation transformer adds these beside the JSON body.
/// </summary>
internal sealed record AcceptsText(IReadOnlyList<string> ContentTypes, string Description);

/// <summary>
/// Endpoint metadata: the route also reads a form (url-encoded or multipart, as Dify's HTTP Request node sends them):
/// fields question, answer, contexts, ground_truth, metrics (a comma list) and metadata.&lt;key&gt;.
/// </summary>
internal sealed record AcceptsForm;
