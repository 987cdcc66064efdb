using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ScoreJobs.Records;

/// <summary>
/// Job ids are 28 characters of lower-case Crockford base32: 12 encode the creation time inverted, so
/// that ascending name order (how blob listings and sorted indexes return names) is newest first,
/// and 16 are random (80 bits), so ids cannot be guessed.
/// </summary>
internal static class JobId
{
    public const int Length = 28;
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const long TimeMask = (1L << 60) - 1;

    public static string New(DateTimeOffset createdAt)
    {
        Span<char> id = stackalloc char[Length];
        var inverted = TimeMask - (createdAt.ToUnixTimeMilliseconds() & TimeMask);
        for (var i = 11; i >= 0; i--)
        {
            id[i] = Alphabet[(int)(inverted & 31)];
            inverted >>= 5;
        }

        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        var high = BinaryPrimitives.ReadUInt64BigEndian(random);
        var low = BinaryPrimitives.ReadUInt16BigEndian(random[8..]);
        // 80 random bits: 64 from high, 16 from low, 5 bits per character.
        UInt128 bits = ((UInt128)high << 16) | low;
        for (var i = Length - 1; i >= 12; i--)
        {
            id[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return new string(id);
    }

    /// <summary>True when <paramref name="value"/> has the shape of one of our ids; anything else is never looked up.</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != Length) return false;
        foreach (var c in value)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal)) return false;
        }

        return true;
    }
}
