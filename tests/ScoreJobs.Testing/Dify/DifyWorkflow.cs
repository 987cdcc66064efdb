namespace ScoreJobs.Testing.Dify;

/// <summary>
/// The variables of a typical Dify chatflow at the HTTP node: a Knowledge Retrieval result of two documents in the
/// shape Dify gives it (nested metadata, None, a score), with Chinese text, quotes and a line break.
/// </summary>
public static class DifyWorkflow
{
    public const string Question = "退货要多久?";
    public const string FirstContent = "七天无理由退货。\n运费由买家承担,详见“退货政策”。";
    public const string SecondContent = "退款在收到退货后 3 个工作日内原路退回。";
    public const string RunId = "5c0f3a9e-1b7d-4c55-9f0e-2d8a6b1e7c41";

    /// <summary>An answer with a line break, Chinese quotes, and a double quote only when asked (it breaks hand-built JSON).</summary>
    public static string Answer(bool withDoubleQuote = false) =>
        withDoubleQuote ? "七天内可以退货,\n运费自理(见 \"退货政策\")。" : "七天内可以退货,\n运费自理(见“退货政策”)。";

    public static List<object?> RetrievalResult(string? firstContent = null) =>
    [
        Item(1, "退货政策.md", firstContent ?? FirstContent, 0.87),
        Item(2, "退款说明.txt", SecondContent, 0.5),
    ];

    /// <summary>The variable pool the recipes' templates read, for the Code node's output <paramref name="payload"/> too.</summary>
    public static Dictionary<string, object?> Variables(List<object?>? result = null, string? answer = null, object? payload = null) => new()
    {
        ["sys.query"] = Question,
        ["sys.workflow_run_id"] = RunId,
        ["llm.text"] = answer ?? Answer(),
        ["knowledge_retrieval.result"] = result ?? RetrievalResult(),
        ["env.scorejobs_key"] = "test-key",
        ["code.payload"] = payload,
    };

    /// <summary>What the recommended Code node returns for these inputs (the Python in docs/dify.md, done by hand).</summary>
    public static Dictionary<string, object?> CodeNodePayload(List<object?>? result = null, string? answer = null) => new()
    {
        ["question"] = Question,
        ["answer"] = answer ?? Answer(),
        ["contexts"] = (result ?? RetrievalResult()).Cast<Dictionary<string, object?>>()
            .Select(item => (object?)new Dictionary<string, object?> { ["title"] = item["title"], ["content"] = item["content"] }).ToList(),
        ["metadata"] = new Dictionary<string, object?> { ["app"] = "faq-bot", ["workflow_run_id"] = RunId },
    };

    private static Dictionary<string, object?> Item(int position, string document, string content, double score) => new()
    {
        ["metadata"] = new Dictionary<string, object?>
        {
            ["_source"] = "knowledge",
            ["dataset_id"] = "8f1c2b6e-0d4a-4e1b-9c3f-6a7d5e2b1f00",
            ["dataset_name"] = "售后知识库",
            ["document_id"] = $"doc-{position}",
            ["document_name"] = document,
            ["document_data_source_type"] = "upload_file",
            ["segment_id"] = $"seg-{position}",
            ["retriever_from"] = "workflow",
            ["score"] = score,
            ["segment_hit_count"] = 3,
            ["segment_word_count"] = content.Length,
            ["segment_position"] = position,
            ["segment_index_node_hash"] = "ab12cd34",
            ["doc_metadata"] = null,
            ["position"] = position,
        },
        ["title"] = document,
        ["content"] = content,
    };
}
