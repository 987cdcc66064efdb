using ScoreJobs.Testing.Dify;

namespace ScoreJobs.Server;

/// <summary>The test helper renders as Dify does; the expected texts were printed by CPython 3 (str() and json.dumps).</summary>
public sealed class DifyTemplateTests
{
    [Fact]
    public void Text_ArrayOfObjects_IsPythonStrOfTheList()
    {
        List<object?> value = [new Dictionary<string, object?> { ["a"] = null, ["b"] = true, ["c"] = 0.87, ["d"] = "it's", ["e"] = "say \"hi\"", ["f"] = 1.0, ["g"] = 3 }];

        Assert.Equal("""[{'a': None, 'b': True, 'c': 0.87, 'd': "it's", 'e': 'say "hi"', 'f': 1.0, 'g': 3}]""", DifyTemplate.Text(value));
    }

    [Fact]
    public void PythonRepr_Strings_EscapeAsPythonDoes()
    {
        List<object?> value = ["x\ny", "tab\there", "both ' and \"", "back\\slash", "\u0001"];

        Assert.Equal("""['x\ny', 'tab\there', 'both \' and "', 'back\\slash', '\x01']""", DifyTemplate.PythonRepr(value));
    }

    [Fact]
    public void Text_ObjectAndArrayOfStrings_AreJson()
    {
        var value = new Dictionary<string, object?> { ["a"] = "中", ["b"] = new List<object?> { 1, null, true }, ["c"] = "q\"\n" };

        Assert.Equal("""{"a": "中", "b": [1, null, true], "c": "q\"\n"}""", DifyTemplate.Text(value));
        Assert.Equal("""["a", "b"]""", DifyTemplate.Text(new List<object?> { "a", "b" }));
    }

    [Fact]
    public void Text_EmptyArrayAndNone_AreEmpty()
    {
        Assert.Equal("", DifyTemplate.Text(new List<object?>()));
        Assert.Equal("", DifyTemplate.Text(null));
        Assert.Equal("True", DifyTemplate.Text(true));
    }

    [Fact]
    public void JsonBody_RawLineBreakInAString_IsAcceptedAsStrictFalseDoes_ButSingleQuotesAreNot()
    {
        Assert.NotNull(DifyTemplate.JsonBody("{\"a\": \"x\ny\"}"));
        Assert.Null(DifyTemplate.JsonBody("{\"a\": ['x']}"));
        Assert.Null(DifyTemplate.JsonBody("{\"a\": , \"b\": 1}"));
    }

    [Fact]
    public void Render_UnknownVariable_FailsTheTest()
    {
        Assert.Throws<KeyNotFoundException>(() => DifyTemplate.Render("{{#nope.text#}}", new Dictionary<string, object?>()));
    }
}
