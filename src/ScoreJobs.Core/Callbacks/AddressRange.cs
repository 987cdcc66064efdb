namespace ScoreJobs.Callbacks;

/// <summary>What kind of address an IP is, for the callback address rules: only <see cref="Public"/> is reachable by default.</summary>
internal enum AddressRange
{
    Public,
    Loopback,
    Private,
    LinkLocal,
    UniqueLocal,
    Multicast,
    Unspecified,
    Reserved,
}
