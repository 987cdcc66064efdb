namespace ScoreJobs.Testing.Dify;

/// <summary>
/// The requests a Dify HTTP Request node sends for each recipe of docs/dify.md and each body type, built from the
/// page's own templates by <see cref="DifyTemplate"/>, for the tests of both hosts.
/// </summary>
public static class DifyRecipeRequests
{
    /// <summary>Every recipe and body type that must arrive as two clean contexts.</summary>
    public static readonly string[] Names =
    [
        "code-node json", "code-node raw-text", "form x-www-form-urlencoded", "form form-data",
        "quoted-json json", "quoted-json raw-text text/plain", "quoted-json raw-text no content type",
    ];

    /// <summary>
    /// The request of recipe <paramref name="name"/>, to <paramref name="path"/>; null when Dify itself would fail the node. Its
    /// Idempotency-Key is the recipe's, made unique per recipe and <paramref name="variant"/> (one server takes them all).
    /// </summary>
    public static HttpRequestMessage? Build(string name, string path, List<object?>? result = null, string? answer = null, string variant = "")
    {
        var variables = DifyWorkflow.Variables(result, answer, DifyWorkflow.CodeNodePayload(result, answer));
        HttpContent? content = name switch
        {
            "code-node json" => DifyTemplate.JsonBody(DifyTemplate.Render(DifyRecipes.Read("code-node-body"), variables)),
            "code-node raw-text" => DifyTemplate.RawTextBody(DifyTemplate.Render(DifyRecipes.Read("code-node-body"), variables), "application/json"),
            "form x-www-form-urlencoded" => DifyTemplate.FormUrlEncodedBody(DifyRecipes.ReadPairs("form"), variables),
            "form form-data" => DifyTemplate.MultipartBody(DifyRecipes.ReadPairs("form"), variables),
            "quoted-json json" => DifyTemplate.JsonBody(DifyTemplate.Render(DifyRecipes.Read("quoted-json"), variables)),
            "quoted-json raw-text text/plain" => DifyTemplate.RawTextBody(DifyTemplate.Render(DifyRecipes.Read("quoted-json"), variables)),
            "quoted-json raw-text no content type" => DifyTemplate.RawTextBody(DifyTemplate.Render(DifyRecipes.Read("quoted-json"), variables), contentType: null),
            _ => throw new ArgumentException($"no recipe '{name}'", nameof(name)),
        };
        if (content is null) return null;

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        foreach (var (header, value) in DifyRecipes.ReadPairs("headers"))
        {
            if (header == "Idempotency-Key") request.Headers.Add(header, DifyTemplate.Render(value, variables) + "-" + name.Replace(' ', '-') + variant);
        }

        return request;
    }
}
