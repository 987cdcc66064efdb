using System.Text;
using System.Text.Json;

namespace ScoreJobs.Requests;

public sealed class LenientJsonTests
{
    private static string Problem(string body, string? contentType = "application/json")
    {
        var ex = Assert.Throws<LenientJsonException>(() => LenientJson.Parse(Encoding.UTF8.GetBytes(body), default).Dispose());
        return LenientJson.Explain(ex, contentType);
    }

    [Fact]
    public void Parse_RawControlCharactersInStrings_AreReadAsPythonStrictFalseReadsThem()
    {
        using var document = LenientJson.Parse(Encoding.UTF8.GetBytes("{\n\"answer\": \"第一行\n第二行\tend\u0001\"\n}"), default);

        Assert.Equal("第一行\n第二行\tend\u0001", document.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public void Parse_ByteOrderMark_IsSkipped()
    {
        using var document = LenientJson.Parse(Encoding.UTF8.GetBytes("\uFEFF{\"a\":1}"), default);

        Assert.Equal(1, document.RootElement.GetProperty("a").GetInt32());
    }

    [Fact]
    public void Explain_QuoteInsideAnswer_NamesPositionCauseAndRecipe()
    {
        var problem = Problem("{\"question\": \"q\",\n \"answer\": \"他说 \"好\" 了\"}");

        Assert.True(problem.StartsWith("is not valid JSON (sent as application/json): at line 2, column 17, a double quote inside a substituted value", StringComparison.Ordinal), problem);
        Assert.Contains("{{#code.payload#}} (docs/dify.md)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_PositionAfterARawLineBreak_CountsTheLineAsSent()
    {
        var problem = Problem("{\"answer\": \"one\ntwo\", \"x\": \"a\"b\"}", "text/plain");

        Assert.True(problem.StartsWith("is not valid JSON (sent as text/plain): at line 2, column 15,", StringComparison.Ordinal), problem);
    }

    [Fact]
    public void Explain_UnquotedPythonList_SaysSingleQuotes()
    {
        var problem = Problem("{\"question\": \"q\", \"contexts\": [{'content': 'a'}]}");

        Assert.Contains("column 33, single quotes: a Python list", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_EmptyVariable_SaysItRenderedAsNothing()
    {
        var problem = Problem("{\"question\": \"q\", \"contexts\": , \"answer\": \"a\"}");

        Assert.Contains("a variable rendered as nothing", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty (sent with no Content-Type)")]
    [InlineData("{\"question\": \"q\"", "the text ends too early")]
    [InlineData("{\"question\": None}", "'None' is Python, not JSON")]
    public void Explain_OtherCauses_AreNamed(string body, string expected)
    {
        Assert.Contains(expected, Problem(body, contentType: null), StringComparison.Ordinal);
    }
}
