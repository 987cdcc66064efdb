using System.Text.RegularExpressions;
using ScoreJobs.Testing;

namespace ScoreJobs.Infra;

/// <summary>
/// The README and docs/ as a reader who cloned the repository meets them: every relative link and anchor resolves
/// inside the repository, the README fits on a few screens, and its folder maps name paths that exist.
/// </summary>
public sealed partial class DocumentationTests
{
    public const int MaxReadmeLines = 300;

    private static readonly string Root = RepositoryRoot.Find();

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md" };
        foreach (var page in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order()) pages.Add(Path.GetRelativePath(Root, page));
        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Links_EveryRelativeLink_ResolvesToAFileAndAnchorInsideTheRepository(string page)
    {
        var broken = new List<string>();
        foreach (var target in Links(page))
        {
            if (IsExternal(target)) continue;
            var (path, anchor) = Split(target);
            var file = path.Length == 0 ? Path.Combine(Root, page) : Path.GetFullPath(Path.Combine(Root, Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
            if (!file.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) broken.Add($"{target}: leaves the repository");
            else if (!File.Exists(file) && !Directory.Exists(file)) broken.Add($"{target}: no such file");
            else if (anchor is not null && file.EndsWith(".md", StringComparison.Ordinal) && !Anchors(file).Contains(anchor)) broken.Add($"{target}: no such heading");
        }

        Assert.True(broken.Count == 0, $"{page}:\n{string.Join("\n", broken)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Text_NeverPointsAtSharedOutsideTheRepository(string page) =>
        Assert.DoesNotContain("../shared", File.ReadAllText(Path.Combine(Root, page)), StringComparison.Ordinal);

    [Fact]
    public void Readme_LineCount_AtMost300()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md")).Length;

        Assert.True(lines <= MaxReadmeLines, $"README.md has {lines} lines; depth goes in docs/");
    }

    [Fact]
    public void Readme_FolderMaps_NameOnlyPathsThatExist()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var maps = Regex.Match(readme, @"^## Folders\n(?<section>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline).Groups["section"].Value;
        var paths = FencedBlock().Matches(maps)
            .SelectMany(block => block.Groups["body"].Value.Split('\n'))
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(token => MapPath().IsMatch(token)))
            .ToList();

        Assert.True(paths.Count > 20, $"found only {paths.Count} paths in the README's folder maps");
        var missing = paths.Where(p => !File.Exists(Path.Combine(Root, p)) && !Directory.Exists(Path.Combine(Root, p))).ToList();
        Assert.True(missing.Count == 0, $"the README's folder maps name paths that do not exist: {string.Join(", ", missing)}");
    }

    private static IEnumerable<string> Links(string page)
    {
        var text = FencedBlock().Replace(File.ReadAllText(Path.Combine(Root, page)), "");
        text = CodeSpan().Replace(text, "");
        return MarkdownLink().Matches(text).Select(m => m.Groups["target"].Value);
    }

    private static bool IsExternal(string target) =>
        target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal);

    private static (string Path, string? Anchor) Split(string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (target, null) : (target[..hash], target[(hash + 1)..]);
    }

    // GitHub's heading ids: lower case, punctuation but hyphens and underscores dropped, spaces to hyphens, repeats numbered.
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var text = FencedBlock().Replace(File.ReadAllText(file), "");
        foreach (Match heading in Heading().Matches(text))
        {
            var title = InlineLink().Replace(heading.Groups["title"].Value.Trim(), "${text}");
            var slug = NotInSlug().Replace(title.ToLowerInvariant(), "").Replace(' ', '-');
            var id = slug;
            for (var n = 1; !anchors.Add(id); n++) id = $"{slug}-{n}";
        }

        return anchors;
    }

    [GeneratedRegex(@"^(?<fence>```|~~~)[^\n]*\n(?<body>.*?)^\k<fence>[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target><[^>]+>|[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^#{1,6}[ \t]+(?<title>.+?)[ \t#]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"[^\p{L}\p{M}\p{N}\p{Pc}\- ]")]
    private static partial Regex NotInSlug();

    // A token of a folder map that names a path: letters, digits, dots, hyphens and slashes, with a dot or a slash.
    [GeneratedRegex(@"^(?=[\w./\-]*[./])[\w./\-]+$")]
    private static partial Regex MapPath();
}
