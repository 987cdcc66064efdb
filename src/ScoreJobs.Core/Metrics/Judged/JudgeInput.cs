using System.Text;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// Builds a prompt's user message: each input in its own tag, lists numbered (<c>&lt;context id="2"&gt;</c>),
/// so the judge can refer to items by id and a test judge can count them.
/// </summary>
internal sealed class JudgeInput
{
    private readonly StringBuilder _text = new();

    public JudgeInput Add(string tag, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return this;
        _text.Append('<').Append(tag).Append(">\n").Append(value.Trim()).Append("\n</").Append(tag).Append(">\n");
        return this;
    }

    public JudgeInput AddNumbered(string listTag, string itemTag, IReadOnlyList<string> items)
    {
        if (items.Count == 0) return this;
        _text.Append('<').Append(listTag).Append(">\n");
        for (var i = 0; i < items.Count; i++)
        {
            _text.Append('<').Append(itemTag).Append(" id=\"").Append(i + 1).Append("\">\n")
                .Append(items[i].Trim()).Append("\n</").Append(itemTag).Append(">\n");
        }

        _text.Append("</").Append(listTag).Append(">\n");
        return this;
    }

    public override string ToString() => _text.ToString();
}
