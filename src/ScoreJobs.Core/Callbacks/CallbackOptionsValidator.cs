using System.Net;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Callbacks;

/// <summary>A malformed secret or allowed host stops the host at start, naming the setting and never echoing the secret.</summary>
internal sealed class CallbackOptionsValidator : IValidateOptions<CallbackOptions>
{
    private const string Prefix = "whsec_";

    public ValidateOptionsResult Validate(string? name, CallbackOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled && !IsSecret(options.Secret!.Trim()))
        {
            failures.Add($"{CallbackOptions.SecretSetting} must be a Standard Webhooks signing key: '{Prefix}' followed by the base64 of 24 to 64 random bytes " +
                "(make one with: echo whsec_$(openssl rand -base64 32)).");
        }

        foreach (var host in options.AllowedHostList)
        {
            if (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) != UriHostNameType.Dns)
            {
                failures.Add($"{CallbackOptions.AllowedHostsSetting} must be comma-separated host names or IP addresses; '{host}' is neither.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The key bytes of a <c>whsec_</c> secret, or null when it is not one.</summary>
    internal static byte[]? KeyOf(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var text = secret[Prefix.Length..];
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var length) && length is >= 24 and <= 64 ? bytes[..length] : null;
    }

    private static bool IsSecret(string secret) => KeyOf(secret) is not null;
}
