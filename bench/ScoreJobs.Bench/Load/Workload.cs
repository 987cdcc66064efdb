using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ScoreJobs.Bench.Load;

/// <summary>
/// The score requests the bench sends: a RAG answer with three contexts and a reference answer, in English with
/// Chinese, like the Dify workflows the service is for. Each carries a case tag (<c>case k3x9...</c>) in every
/// text field, so every judge prompt made for it names it and the fake judge can count calls per job.
/// </summary>
internal static partial class Workload
{
    public const int Contexts = 3;

    /// <summary>The offline metrics (no judge needed).</summary>
    public static readonly IReadOnlyList<string> OfflineMetrics = ["exact_match", "token_f1", "rouge_l", "bleu", "string_similarity", "context_coverage"];

    /// <summary>A new random case tag: 12 lower-case letters and digits.</summary>
    public static string NewCase()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        Span<char> tag = stackalloc char[12];
        for (var i = 0; i < tag.Length; i++) tag[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return new string(tag);
    }

    /// <summary>A request body; <paramref name="metrics"/> null asks for every metric the server has (the full set with a judge).</summary>
    public static byte[] Request(string caseTag, IReadOnlyList<string>? metrics = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var body = new JsonObject
        {
            ["question"] = $"Case {caseTag}: what is retrieval-augmented generation, and why does it reduce hallucination? 检索增强生成是什么？",
            ["answer"] = $"Case {caseTag}: retrieval-augmented generation first retrieves passages from a knowledge base. " +
                         "The model then writes its answer from those passages, which keeps it grounded in sources. " +
                         "检索增强生成先检索再生成，因此更少编造。",
            ["contexts"] = new JsonArray(
                $"Case {caseTag}: Retrieval-augmented generation (RAG) retrieves relevant passages from a document store and adds them to the prompt. 检索增强生成（RAG）先从知识库检索相关段落。",
                $"Case {caseTag}: Grounding the answer in retrieved text lets the model cite its sources and reduces hallucinated facts. 模型据此生成答案，可以引用来源。",
                $"Case {caseTag}: A vector index finds passages whose embeddings are close to the question's embedding. 向量索引按嵌入相似度查找段落。"),
            ["ground_truth"] = $"Case {caseTag}: retrieval-augmented generation combines retrieval with generation, so answers rest on retrieved sources. 检索增强生成结合检索与生成。",
            ["metadata"] = new JsonObject { ["app"] = "bench", ["case"] = caseTag },
        };
        if (metrics is not null) body["metrics"] = new JsonArray([.. metrics.Select(m => (JsonNode)m)]);
        if (metadata is not null)
        {
            var tags = body["metadata"]!.AsObject();
            foreach (var (name, value) in metadata) tags[name] = value;
        }

        return System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>The case tag a judge prompt names, or null.</summary>
    public static string? CaseIn(string text)
    {
        var match = CaseTag().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"Case ([a-z2-9]{12})")]
    private static partial Regex CaseTag();
}
