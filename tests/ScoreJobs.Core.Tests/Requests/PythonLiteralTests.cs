using System.Text;
using System.Text.Json;

namespace ScoreJobs.Requests;

public sealed class PythonLiteralTests
{
    private static string Json(string literal)
    {
        var json = PythonLiteral.ToJson(literal, out var error);
        Assert.True(json is not null, error);
        return Encoding.UTF8.GetString(json!);
    }

    [Theory]
    [InlineData("['a', 'b']", """["a","b"]""")]
    [InlineData("[\"it's\", 'x']", """["it's","x"]""")]
    [InlineData("[None, True, False, 0, -3, 0.87, 1e-05, 1_000]", """[null,true,false,0,-3,0.87,1E-05,1000]""")]
    [InlineData("{'a': {'b': [1, (2, 3)]}, 'c': None}", """{"a":{"b":[1,[2,3]]},"c":null}""")]
    [InlineData("[]", "[]")]
    [InlineData("  [ 'a' , ]  ", """["a"]""")]
    public void ToJson_Literal_IsTheSameValueAsJson(string literal, string expected)
    {
        using var actual = JsonDocument.Parse(Json(literal));
        using var wanted = JsonDocument.Parse(expected);

        Assert.True(JsonElement.DeepEquals(actual.RootElement, wanted.RootElement), Json(literal));
    }

    [Theory]
    [InlineData(@"['line\nbreak']", "line\nbreak")]
    [InlineData(@"['tab\there']", "tab\there")]
    [InlineData(@"['back\\slash']", "back\\slash")]
    [InlineData(@"['it\'s']", "it's")]
    [InlineData(@"['say \""hi\""']", "say \"hi\"")]
    [InlineData(@"['\x41\x00']", "A\0")]
    [InlineData(@"['\u4e2d\u6587']", "中文")]
    [InlineData(@"['\U0001F600']", "😀")]
    [InlineData(@"['中文 “引号”']", "中文 “引号”")]
    [InlineData("['raw\nbreak']", "raw\nbreak")]
    [InlineData(@"['\d']", @"\d")]
    public void ToJson_Escapes_AreReadAsPythonReadsThem(string literal, string expected)
    {
        using var document = JsonDocument.Parse(Json(literal));

        Assert.Equal(expected, document.RootElement[0].GetString());
    }

    [Theory]
    [InlineData("['a', 'b'", "the text ends before the closing ']'", 10)]
    [InlineData("['a' 'b']", "expected ','", 6)]
    [InlineData("['a'] x", "unexpected text after the value", 7)]
    [InlineData("[datetime.datetime(2024, 1, 1)]", "'datetime' is not a literal", 2)]
    [InlineData("[__import__('os')]", "'__import__' is not a literal", 2)]
    [InlineData("[nan]", "'nan' is not a literal", 2)]
    [InlineData("{1: 'a'}", "a dict key must be a quoted string", 2)]
    [InlineData(@"['\x4']", @"\x escape needs 2 hex digits", null)]
    [InlineData(@"['\ud800']", @"\u escape", null)]
    [InlineData("{'a': 1", "the text ends before the closing '}'", 8)]
    [InlineData("[1.2.3]", "'1.2.3' is not a number", 2)]
    [InlineData("[", "the text ends where a value should be", null)]
    public void ToJson_Malformed_SaysWhatAndWhere(string literal, string message, int? character)
    {
        Assert.Null(PythonLiteral.ToJson(literal, out var error));

        Assert.Contains(message, error, StringComparison.Ordinal);
        if (character is { } at) Assert.EndsWith($"at character {at}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_DeepNesting_IsRefused()
    {
        Assert.Null(PythonLiteral.ToJson(new string('[', 40) + new string(']', 40), out var error));

        Assert.Contains("nested deeper", error, StringComparison.Ordinal);
    }
}
