using System.Net;
using System.Net.Sockets;

namespace ScoreJobs.Callbacks;

/// <summary>
/// Sorts an IP address into the ranges a callback must not reach (RFC 6890 special-purpose registries, in short):
/// loopback, private (RFC 1918 and carrier-grade NAT), link-local, unique-local, multicast, unspecified, and the
/// reserved rest. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
/// </summary>
internal static class AddressClassifier
{
    public static AddressRange Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } embedded) return Classify(embedded);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => ClassifyV6(address),
            _ => AddressRange.Reserved,
        };
    }

    /// <summary>A few words for an error message: "a loopback address".</summary>
    public static string Describe(AddressRange range) => range switch
    {
        AddressRange.Public => "a public address",
        AddressRange.Loopback => "a loopback address",
        AddressRange.Private => "a private address",
        AddressRange.LinkLocal => "a link-local address",
        AddressRange.UniqueLocal => "a unique-local address",
        AddressRange.Multicast => "a multicast address",
        AddressRange.Unspecified => "the unspecified address",
        _ => "a reserved address",
    };

    private static AddressRange ClassifyV4(byte[] b) => b switch
    {
        [0, 0, 0, 0] => AddressRange.Unspecified,
        [0, ..] => AddressRange.Reserved,                       // "this network"
        [127, ..] => AddressRange.Loopback,
        [10, ..] => AddressRange.Private,
        [172, >= 16 and <= 31, ..] => AddressRange.Private,
        [192, 168, ..] => AddressRange.Private,
        [100, >= 64 and <= 127, ..] => AddressRange.Private,    // carrier-grade NAT, RFC 6598
        [169, 254, ..] => AddressRange.LinkLocal,
        [192, 0, 0, _] => AddressRange.Reserved,                // IETF protocol assignments
        [198, 18 or 19, ..] => AddressRange.Reserved,           // benchmarking
        [>= 224 and <= 239, ..] => AddressRange.Multicast,
        [>= 240, ..] => AddressRange.Reserved,                  // including 255.255.255.255
        _ => AddressRange.Public,
    };

    private static AddressRange ClassifyV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any)) return AddressRange.Unspecified;
        if (address.Equals(IPAddress.IPv6Loopback)) return AddressRange.Loopback;
        if (address.IsIPv6Multicast) return AddressRange.Multicast;
        if (address.IsIPv6LinkLocal) return AddressRange.LinkLocal;
        if (address.IsIPv6SiteLocal) return AddressRange.Private;  // fec0::/10, deprecated but still routable inside sites
        if (address.IsIPv6UniqueLocal) return AddressRange.UniqueLocal;
        var b = address.GetAddressBytes();
        // Global unicast is 2000::/3; everything else (discard 100::/64, documentation 2001:db8::/32 aside) is not assigned.
        if ((b[0] & 0xE0) != 0x20) return AddressRange.Reserved;
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressRange.Reserved;
        return AddressRange.Public;
    }

    // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64), 2002:AABB:CCDD:: (6to4).
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1)) return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0) return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x20 && b[1] == 0x02) return new IPAddress(b.AsSpan(2, 4));
        return null;
    }
}
