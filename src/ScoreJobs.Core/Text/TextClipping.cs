namespace ScoreJobs.Text;

/// <summary>The one way text is shortened for records, logs and messages.</summary>
internal static class TextClipping
{
    /// <summary>The first <paramref name="maxLength"/> characters of <paramref name="text"/>, or all of it.</summary>
    public static string Clip(this string text, int maxLength) => text.Length <= maxLength ? text : text[..maxLength];

    /// <summary>As <see cref="Clip"/>, with "…" after text that was cut, so a reader sees it was.</summary>
    public static string ClipWithEllipsis(this string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), "…");
}
