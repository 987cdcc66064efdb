using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace ScoreJobs.Judge;

/// <summary>
/// Counts tokens as a judge model does, with the model's tiktoken encoding (Microsoft.ML.Tokenizers): cl100k_base for
/// gpt-4 and gpt-3.5 (and the text-embedding models of those years), o200k_base for gpt-4o, gpt-4.1, gpt-5, the
/// o-series and any model it does not know, an Azure deployment name included. A chat is counted as OpenAI's cookbook
/// counts one: each message's content and role plus 3 tokens of framing, and 3 that prime the reply.
/// </summary>
internal sealed class JudgeTokenizer
{
    private const int TokensPerMessage = 3;
    private const int ReplyPriming = 3;

    private static readonly Lazy<JudgeTokenizer> O200k = new(() => new("o200k_base", TiktokenTokenizer.CreateForEncoding("o200k_base")));
    private static readonly Lazy<JudgeTokenizer> Cl100k = new(() => new("cl100k_base", TiktokenTokenizer.CreateForEncoding("cl100k_base")));

    private readonly Tokenizer _tokenizer;

    // The system messages are the metrics' instructions, a dozen texts that make up most of every prompt: counted once.
    private readonly ConcurrentDictionary<string, int> _instructions = new(StringComparer.Ordinal);

    private JudgeTokenizer(string encoding, Tokenizer tokenizer)
    {
        Encoding = encoding;
        _tokenizer = tokenizer;
    }

    /// <summary>The encoding's name, e.g. <c>o200k_base</c>.</summary>
    public string Encoding { get; }

    /// <summary>The tokenizer for <paramref name="model"/> (a model or deployment name).</summary>
    public static JudgeTokenizer For(string? model) => UsesCl100k(model) ? Cl100k.Value : O200k.Value;

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text);

    /// <summary>The prompt tokens of a chat request with these messages.</summary>
    public int CountChat(IEnumerable<ChatMessage> messages) =>
        messages.Sum(m => TokensPerMessage + Count(m.Role.Value) + (m.Role == ChatRole.System ? _instructions.GetOrAdd(m.Text, Count) : Count(m.Text))) + ReplyPriming;

    private static bool UsesCl100k(string? model)
    {
        var name = (model ?? "").Trim().ToLowerInvariant();
        if (name.StartsWith("gpt-4o", StringComparison.Ordinal) || name.StartsWith("gpt-4.", StringComparison.Ordinal)) return false;
        return name.StartsWith("gpt-4", StringComparison.Ordinal) || name.StartsWith("gpt-3.5", StringComparison.Ordinal)
            || name.StartsWith("gpt-35", StringComparison.Ordinal) || name.StartsWith("text-embedding-", StringComparison.Ordinal);
    }
}
