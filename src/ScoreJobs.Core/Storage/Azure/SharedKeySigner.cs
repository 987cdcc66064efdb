using System.Security.Cryptography;
using System.Text;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Builds the Shared Key signature of a Blob or Queue request, as the REST reference
/// ("Authorize with Shared Key") defines it: the verb, twelve standard headers (an empty
/// Content-Length for an empty body), the <c>x-ms-</c> headers lower-cased and sorted, then
/// <c>/{account}{path}</c> and the query parameters lower-cased, sorted and decoded.
/// </summary>
internal sealed class SharedKeySigner(string accountName, byte[] accountKey)
{
    public string AccountName { get; } = accountName;

    public string Authorization(HttpRequestMessage request) => $"SharedKey {AccountName}:{Sign(StringToSign(request))}";

    public string Sign(string stringToSign)
    {
        var mac = HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(stringToSign));
        return Convert.ToBase64String(mac);
    }

    public string StringToSign(HttpRequestMessage request)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A storage request needs an absolute URI.");
        var content = request.Content?.Headers;
        var contentLength = content?.ContentLength is { } length && length > 0 ? length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

        var builder = new StringBuilder();
        builder.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        builder.Append(content is null ? "" : string.Join(",", content.ContentEncoding)).Append('\n');
        builder.Append(content is null ? "" : string.Join(",", content.ContentLanguage)).Append('\n');
        builder.Append(contentLength).Append('\n');
        builder.Append(content?.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : "").Append('\n');
        builder.Append(content?.ContentType?.ToString() ?? "").Append('\n');
        builder.Append(Header(request, "Date")).Append('\n');
        builder.Append(Header(request, "If-Modified-Since")).Append('\n');
        builder.Append(Header(request, "If-Match")).Append('\n');
        builder.Append(Header(request, "If-None-Match")).Append('\n');
        builder.Append(Header(request, "If-Unmodified-Since")).Append('\n');
        builder.Append(Header(request, "Range")).Append('\n');

        var storageHeaders = request.Headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value.Select(v => v.Trim()))))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in storageHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('/').Append(AccountName).Append(uri.AbsolutePath);

        var query = uri.Query.TrimStart('?');
        if (query.Length > 0)
        {
            var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair =>
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    var name = equals < 0 ? pair : pair[..equals];
                    var value = equals < 0 ? "" : pair[(equals + 1)..];
                    return (Name: Uri.UnescapeDataString(name).ToLowerInvariant(), Value: Uri.UnescapeDataString(value));
                })
                .GroupBy(p => p.Name, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var parameter in parameters)
            {
                var values = parameter.Select(p => p.Value).Order(StringComparer.Ordinal);
                builder.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(",", values));
            }
        }

        return builder.ToString();
    }

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
