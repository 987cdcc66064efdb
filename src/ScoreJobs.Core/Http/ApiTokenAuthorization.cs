using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ScoreJobs.Http;

/// <summary>Checks <c>Authorization: Bearer</c> against the configured API token in constant time.</summary>
public static class ApiTokenAuthorization
{
    /// <summary>
    /// Null when <paramref name="request"/> may go on; otherwise the 401 problem to answer with, after adding the
    /// <c>WWW-Authenticate: Bearer</c> challenge to the response. Every host guards its routes with this.
    /// </summary>
    public static ProblemHttpResult? Challenge(HttpRequest request, string? apiToken)
    {
        if (IsAuthorized(request, apiToken)) return null;
        request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized();
    }

    public static bool IsAuthorized(HttpRequest request, string? apiToken)
    {
        if (string.IsNullOrEmpty(apiToken)) return true;
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        // Hashing first gives equal lengths, so the comparison time says nothing about the token.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiToken));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
