using ScoreJobs.Records;
using System.Net.Http.Headers;
using System.Text;
using ScoreJobs.Jobs;

namespace ScoreJobs.Bench.Faults;

/// <summary>
/// Malformed and hostile requests: bad JSON, wrong types, huge fields, deep nesting, path traversal in job ids,
/// bad tokens, bad query parameters, wrong methods and broken HTTP. Each must be answered with a 4xx.
/// </summary>
internal static class HostileCorpus
{
    /// <summary>A good request's fields, open for one more.</summary>
    private const string Start = """{"question":"q","answer":"a","ground_truth":"g",""";

    private const string Good = """{"question":"What is RAG?","answer":"It retrieves, then generates.","ground_truth":"Retrieval then generation.","contexts":["RAG retrieves passages."]}""";

    public static IReadOnlyList<HostileCase> Build(string token, string host)
    {
        var cases = new List<HostileCase>();
        void Body(string group, string name, string body, string path = "api/score/async") =>
            cases.Add(new HostileCase(group, name, () => Post(path, Encoding.UTF8.GetBytes(body))));
        void Bytes(string group, string name, byte[] body) => cases.Add(new HostileCase(group, name, () => Post("api/score/async", body)));
        void Get(string group, string name, string path, bool authorize = true) =>
            cases.Add(new HostileCase(group, name, () => new HttpRequestMessage(HttpMethod.Get, path), Authorize: authorize));
        void RawPost(string group, string name, string body, bool chunked)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"POST /api/score/async HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n" +
                       (chunked ? "Transfer-Encoding: chunked\r\n\r\n" + bytes.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n" : $"Content-Length: {bytes.Length}\r\n\r\n");
            byte[] request = [.. Encoding.ASCII.GetBytes(head), .. bytes, .. (chunked ? "\r\n0\r\n\r\n"u8.ToArray() : [])];
            cases.Add(new HostileCase(group, name, Raw: request));
        }

        void Raw(string group, string name, string request) =>
            cases.Add(new HostileCase(group, name, Raw: Encoding.Latin1.GetBytes(request.Replace("{host}", host, StringComparison.Ordinal).Replace("{token}", token, StringComparison.Ordinal))));

        // Bad JSON.
        foreach (var (name, body) in new[]
        {
            ("unclosed object", "{"), ("not json", "question=what"), ("empty body", ""), ("null", "null"), ("array", "[]"),
            ("string", "\"just a string\""), ("number", "123"), ("trailing garbage", """{"question":"q","answer":"a","ground_truth":"g"} x"""),
            ("missing value", """{"question": }"""), ("single quotes", "{'question':'q'}"), ("NaN", """{"question":"q","answer":"a","ground_truth":"g","weights":{"token_f1":NaN}}"""),
            ("comment", """{"question":"q" /* hi */,"answer":"a","ground_truth":"g"}"""), ("lone surrogate escape", """{"question":"\ud800","answer":"a","ground_truth":"g","metrics":["nope"]}"""),
            ("truncated escape", """{"question":"\u12"}"""), ("unquoted key", """{question:"q"}"""),
        })
        {
            Body("bad json", name, body);
        }

        Bytes("bad json", "invalid UTF-8", [(byte)'{', (byte)'"', (byte)'q', (byte)'u', 0xff, 0xfe, (byte)'"', (byte)'}']);
        Bytes("bad json", "UTF-16 body", Encoding.Unicode.GetBytes(Good));
        Body("bad json", "synchronous endpoint", "{", "api/score");

        // Wrong types and values.
        foreach (var (name, body) in new[]
        {
            ("question number", """{"question":42,"answer":"a","ground_truth":"g"}"""),
            ("question null", """{"question":null,"answer":"a","ground_truth":"g"}"""),
            ("question array", """{"question":["q"],"answer":"a","ground_truth":"g"}"""),
            ("question object", """{"question":{"text":"q"},"answer":"a","ground_truth":"g"}"""),
            ("question bool", """{"question":true,"answer":"a","ground_truth":"g"}"""),
            ("question blank", """{"question":"   ","answer":"a","ground_truth":"g"}"""),
            ("question missing", """{"answer":"a","ground_truth":"g"}"""),
            ("answer number", """{"question":"q","answer":5,"ground_truth":"g"}"""),
            ("contexts number", """{"question":"q","answer":"a","ground_truth":"g","contexts":5}"""),
            ("contexts numbers", """{"question":"q","answer":"a","ground_truth":"g","contexts":[1,2]}"""),
            ("contexts nested arrays", """{"question":"q","answer":"a","ground_truth":"g","contexts":[["a"]]}"""),
            ("contexts object without content", """{"question":"q","answer":"a","ground_truth":"g","contexts":{"text":"x"}}"""),
            ("ground_truth array", """{"question":"q","answer":"a","ground_truth":["g"]}"""),
            ("metrics number", """{"question":"q","answer":"a","ground_truth":"g","metrics":5}"""),
            ("metrics numbers", """{"question":"q","answer":"a","ground_truth":"g","metrics":[1]}"""),
            ("metrics unknown", """{"question":"q","answer":"a","ground_truth":"g","metrics":["nope"]}"""),
            ("metrics path", """{"question":"q","answer":"a","ground_truth":"g","metrics":["../../etc/passwd"]}"""),
            ("metrics judge without judge", """{"question":"q","answer":"a","ground_truth":"g","metrics":["faithfulness"]}"""),
            ("no metric has its inputs", """{"question":"q"}"""),
            ("weights string", """{"question":"q","answer":"a","ground_truth":"g","weights":"x"}"""),
            ("weights negative", """{"question":"q","answer":"a","ground_truth":"g","weights":{"token_f1":-1}}"""),
            ("weights string value", """{"question":"q","answer":"a","ground_truth":"g","weights":{"token_f1":"a"}}"""),
            ("weights overflow", """{"question":"q","answer":"a","ground_truth":"g","weights":{"token_f1":1e400}}"""),
            ("metadata string", """{"question":"q","answer":"a","ground_truth":"g","metadata":"tags"}"""),
            ("metadata array", """{"question":"q","answer":"a","ground_truth":"g","metadata":[1]}"""),
            ("metadata nested", """{"question":"q","answer":"a","ground_truth":"g","metadata":{"a":{"b":1}}}"""),
            ("judge_model number", """{"question":"q","answer":"a","ground_truth":"g","judge_model":5,"metrics":["nope"]}"""),
        })
        {
            Body("wrong types", name, body);
        }

        // Huge fields.
        Body("huge", "question 20,001 chars", $$"""{"question":"{{new string('q', 20_001)}}","answer":"a","ground_truth":"g"}""");
        Body("huge", "question 20,001 CJK chars", $$"""{"question":"{{new string('问', 20_001)}}","answer":"a","ground_truth":"g"}""");
        RawPost("huge", "body 2 MiB", $$"""{"question":"q","answer":"{{new string('a', 2 * 1024 * 1024)}}","ground_truth":"g"}""", chunked: false);
        Body("huge", "201 contexts", $$"""{"question":"q","answer":"a","ground_truth":"g","contexts":[{{string.Join(',', Enumerable.Repeat("\"c\"", 201))}}]}""");
        Body("huge", "100,000 contexts", $$"""{"question":"q","answer":"a","ground_truth":"g","contexts":[{{string.Join(',', Enumerable.Repeat("\"c\"", 100_000))}}]}""");
        Body("huge", "33 metadata tags", Start + "\"metadata\":{" + string.Join(',', Enumerable.Range(0, 33).Select(i => $"\"k{i}\":\"v\"")) + "}}");
        Body("huge", "metadata value 257 chars", Start + "\"metadata\":{\"k\":\"" + new string('v', 257) + "\"}}");
        Body("huge", "metadata key 65 chars", Start + "\"metadata\":{\"" + new string('k', 65) + "\":\"v\"}}");
        Body("huge", "10,000 unknown metrics", $$"""{"question":"q","answer":"a","ground_truth":"g","metrics":[{{string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"\"m{i}\""))}}]}""");
        RawPost("huge", "100,000 weights", Start + "\"weights\":{" + string.Join(',', Enumerable.Range(0, 100_000).Select(i => $"\"m{i}\":1")) + "}}", chunked: false);
        RawPost("huge", "chunked 4 MiB without length", $$"""{"question":"q","answer":"{{new string('a', 4 * 1024 * 1024)}}","ground_truth":"g"}""", chunked: true);
        cases.Add(new HostileCase("huge", "Idempotency-Key 300 chars", () =>
        {
            var request = Post("api/score/async", Encoding.UTF8.GetBytes(Good));
            request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 300));
            return request;
        }));
        Raw("huge", "header 100 KB", $"GET /api/score/jobs HTTP/1.1\r\nHost: {{host}}\r\nAuthorization: Bearer {{token}}\r\nX-Big: {new string('x', 100_000)}\r\n\r\n");
        Raw("huge", "URL 20 KB", $"GET /api/score/jobs?q={new string('x', 20_000)} HTTP/1.1\r\nHost: {{host}}\r\nAuthorization: Bearer {{token}}\r\n\r\n");

        // Deep nesting.
        Body("deep", "metadata 10,000 arrays", "{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"g\",\"metadata\":" + new string('[', 10_000) + new string(']', 10_000) + "}");
        Body("deep", "contexts 1,000 objects", "{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"g\",\"contexts\":[" + string.Concat(Enumerable.Repeat("{\"content\":", 1000)) + "\"c\"" + new string('}', 1000) + "]}");
        Body("deep", "question 65 levels", "{\"question\":" + new string('[', 65) + new string(']', 65) + ",\"answer\":\"a\",\"ground_truth\":\"g\"}");
        Body("deep", "unclosed 100,000 objects", string.Concat(Enumerable.Repeat("{\"a\":", 100_000)));
        Body("deep", "unknown field 500 levels", "{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"g\",\"extra\":" + new string('[', 500) + new string(']', 500) + ",\"metrics\":[\"nope\"]}");

        // Path traversal and junk in job ids (GET /api/score/jobs/{id}).
        foreach (var id in new[]
        {
            "..%2F..%2Fetc%2Fpasswd", "..%2f.idempotency", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cwindows%5Cwin.ini", "%00", "%FF%FE",
            "0000000000000000000000000000.json", "0000000000000000000000000000%00", "00000000000000000000000000%2F0", "0ZZZZZZZZZZZZZZZZZZZZZZZZZZZ",
            "0zzzzzzzzzzzzzzzzzzzzzzzzzzi", "0zzzzzzzzzzzzzzzzzzzzzzzzzz", "0zzzzzzzzzzzzzzzzzzzzzzzzzzzz", new string('z', 5000), "%E9%97%AE",
            "0zzzzzzzzzzzzzzzzzzzzzzzzzzz", ".idempotency", "%2e%2e", "con", "DROP%20TABLE%20jobs",
        })
        {
            Get("path traversal", "id " + (id.Length > 40 ? id[..20] + "..." : id), "api/score/jobs/" + id);
        }

        Raw("path traversal", "dot segments to /etc/passwd", "GET /api/score/jobs/../../../etc/passwd HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n");
        Raw("path traversal", "dot segments to a record file", "GET /api/score/jobs/../../../outputs/score-jobs/x.json HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n");
        Raw("path traversal", "absolute URI to a file", "GET file:///etc/passwd HTTP/1.1\r\nHost: {host}\r\n\r\n");
        Get("path traversal", "cursor with a path", "api/score/jobs?cursor=" + Uri.EscapeDataString(Convert.ToBase64String(Encoding.ASCII.GetBytes("v1:../../etc/passwd"))));
        Get("path traversal", "cursor of another shape", "api/score/jobs?cursor=" + Uri.EscapeDataString(Convert.ToBase64String(Encoding.ASCII.GetBytes("v2:" + JobId.New(DateTimeOffset.UtcNow)))));

        // Bad tokens, on a list and on a good submit (which must store nothing).
        foreach (var (name, value) in new[]
        {
            ("no token", (string?)null), ("wrong token", "Bearer wrong"), ("token plus a char", $"Bearer {token}x"), ("token prefix", $"Bearer {token[..^1]}"),
            ("basic scheme", "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("user:" + token))), ("empty bearer", "Bearer "),
            ("token upper-cased", $"Bearer {token.ToUpperInvariant()}"), ("64 KB token", "Bearer " + new string('t', 64 * 1024)),
            ("two tokens", $"Bearer wrong, Bearer {token}"),
        })
        {
            cases.Add(new HostileCase("bad token", "list, " + name, () => WithAuthorization(new HttpRequestMessage(HttpMethod.Get, "api/score/jobs"), value), Authorize: false));
            cases.Add(new HostileCase("bad token", "submit, " + name, () => WithAuthorization(Post("api/score/async", Encoding.UTF8.GetBytes(Good)), value), Authorize: false));
        }

        Get("bad token", "token in the query string", "api/score/jobs?access_token=" + token, authorize: false);
        Raw("bad token", "non-ASCII token", "GET /api/score/jobs HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer \u00e9\u00e9\r\n\r\n");

        // Bad query parameters.
        foreach (var query in new[]
        {
            "limit=0", "limit=501", "limit=-1", "limit=abc", "limit=1e3", "limit=99999999999999999999", "cursor=bogus", "status=done",
            "status=1", "min_score=2", "max_score=-0.5", "since=yesterday", "until=2026-13-45", "tag=novalue",
        })
        {
            Get("bad query", query, "api/score/jobs?" + query);
        }

        // Wrong methods and content.
        cases.Add(new HostileCase("method", "PUT submit", () => new HttpRequestMessage(HttpMethod.Put, "api/score/async") { Content = Json(Encoding.UTF8.GetBytes(Good)) }));
        cases.Add(new HostileCase("method", "DELETE a job", () => new HttpRequestMessage(HttpMethod.Delete, "api/score/jobs/" + JobId.New(DateTimeOffset.UtcNow))));
        cases.Add(new HostileCase("method", "PATCH list", () => new HttpRequestMessage(HttpMethod.Patch, "api/score/jobs")));
        cases.Add(new HostileCase("method", "GET submit", () => new HttpRequestMessage(HttpMethod.Get, "api/score/async")));
        // Forms are read (Dify sends them), so the hostile ones are forms that say nothing usable or break the format.
        cases.Add(new HostileCase("content", "form without a question", () => new HttpRequestMessage(HttpMethod.Post, "api/score/async")
        {
            Content = new FormUrlEncodedContent([new("answer", "a"), new("ground_truth", "g")]),
        }));
        cases.Add(new HostileCase("content", "form with a control character in a tag", () => new HttpRequestMessage(HttpMethod.Post, "api/score/async")
        {
            Content = new FormUrlEncodedContent([new("question", "q"), new("answer", "a"), new("ground_truth", "g"), new("metadata.app", "\u001b[2J")]),
        }));
        cases.Add(new HostileCase("content", "multipart with a broken boundary", () => new HttpRequestMessage(HttpMethod.Post, "api/score/async")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\nq"))
            {
                Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x") },
            },
        }));
        Raw("broken http", "garbage request line", "GARBAGE\r\n\r\n");
        Raw("broken http", "no Host header", "GET /api/score/jobs HTTP/1.1\r\nAuthorization: Bearer {token}\r\n\r\n");
        Raw("broken http", "header without colon", "GET /api/score/jobs HTTP/1.1\r\nHost: {host}\r\nNoColonHere\r\n\r\n");
        Raw("broken http", "both Content-Length and chunked", "POST /api/score/async HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        Raw("broken http", "negative Content-Length", "POST /api/score/async HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Length: -5\r\n\r\n");
        Raw("broken http", "bad chunk size", "POST /api/score/async HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        Raw("broken http", "control character in the token", "GET /api/score/jobs HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\u0001\r\n\r\n");
        Raw("broken http", "non-ASCII Idempotency-Key", "POST /api/score/async HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nIdempotency-Key: \u00e9t\u00e9\r\nContent-Length: 2\r\n\r\n{}");
        return cases;
    }

    private static HttpRequestMessage Post(string path, byte[] body) => new(HttpMethod.Post, path) { Content = Json(body) };

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static HttpRequestMessage WithAuthorization(HttpRequestMessage request, string? value)
    {
        if (value is not null) request.Headers.TryAddWithoutValidation("Authorization", value);
        return request;
    }
}
