using System.Globalization;
using System.Net;
using ScoreJobs.Text;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Callbacks;

/// <summary>
/// Which URLs a callback may go to. At submit (and again before each attempt) the URL itself is checked: https,
/// no credentials, no IP literal outside the public ranges and no <c>localhost</c>. Host names are checked where they
/// are resolved, on the address actually connected (<see cref="CallbackConnectGuard"/>). Hosts listed in
/// <see cref="CallbackOptions.AllowedHosts"/> are exempt: they may use http and private or loopback addresses.
/// </summary>
public sealed class CallbackUrlPolicy(IOptions<CallbackOptions> options)
{
    public const int MaxUrlLength = 2048;

    private readonly IReadOnlyList<string> _allowedHosts = options.Value.AllowedHostList;

    /// <summary>True when a secret is set, so a job may ask for a callback.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>Why <paramref name="url"/> cannot be a callback URL, as the end of a sentence naming the field; null when it can.</summary>
    public string? Check(string url)
    {
        if (!Enabled) return $"cannot be used: callbacks are off on this server (set {CallbackOptions.SecretSetting} to a whsec_ secret to turn them on)";
        if (url.Length > MaxUrlLength) return $"must be at most {MaxUrlLength} characters";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute https URL";
        }

        if (uri.UserInfo.Length > 0) return "must not carry a user name or password";
        if (NonCanonicalIPv4(url) is { } written)
        {
            return $"writes its host '{written.ClipWithEllipsis(60)}' as a number that is not a dotted-decimal IPv4 address (octal, hex, leading zeros, " +
                $"fewer than four parts or one integer; it would be read as {uri.Host}, and parsers disagree on such forms): write a host name or four decimal parts";
        }

        var host = NormalizeHost(uri.Host);
        if (IsAllowedHost(host)) return null;
        if (uri.Scheme != Uri.UriSchemeHttps) return $"must use https (http only for a host listed in {CallbackOptions.AllowedHostsSetting})";
        if (IPAddress.TryParse(host, out var address) && AddressClassifier.Classify(address) is var range && range != AddressRange.Public)
        {
            return $"points at {address}, {AddressClassifier.Describe(range)}; callbacks go only to public addresses unless the host is listed in {CallbackOptions.AllowedHostsSetting}";
        }

        if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return $"points at {host}, a loopback name; callbacks go only to public addresses unless the host is listed in {CallbackOptions.AllowedHostsSetting}";
        }

        return null;
    }

    /// <summary>Whether <paramref name="host"/> is listed in <see cref="CallbackOptions.AllowedHosts"/> (by name, or as the same IP).</summary>
    public bool IsAllowedHost(string host)
    {
        var normalized = NormalizeHost(host);
        var ip = IPAddress.TryParse(normalized, out var parsed) ? parsed : null;
        return _allowedHosts.Any(allowed =>
            string.Equals(allowed, normalized, StringComparison.Ordinal) ||
            (ip is not null && IPAddress.TryParse(allowed, out var allowedIp) && allowedIp.Equals(ip)));
    }

    /// <summary>
    /// The host as written in <paramref name="url"/> when it ends in a number (so URL parsers read it as IPv4, per the
    /// WHATWG URL standard) but is not four plain decimal parts 0-255: <c>0127.0.0.1</c>, <c>0x7f.1</c>, <c>2130706433</c>.
    /// </summary>
    internal static string? NonCanonicalIPv4(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0) return null;
        var authority = url[(start + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#', '\\']);
        if (end >= 0) authority = authority[..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        if (authority.StartsWith('[')) return null;
        var colon = authority.LastIndexOf(':');
        var host = (colon >= 0 ? authority[..colon] : authority).TrimEnd('.');
        var parts = host.Split('.');
        if (!IsNumber(parts[^1])) return null;
        var canonical = parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
        return canonical ? null : host;

        static bool IsNumber(string label) =>
            label.Length > 0 && (label.All(char.IsAsciiDigit) || (label.Length > 1 && label[0] == '0' && label[1] is 'x' or 'X' && label[2..].All(char.IsAsciiHexDigit)));
    }

    /// <summary>Lower case, no IPv6 brackets, no trailing dot: "LocalHost." and "localhost" are one host.</summary>
    public static string NormalizeHost(string host) => host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.').ToLowerInvariant();
}
