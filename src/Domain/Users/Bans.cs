namespace TenantSessions.Domain.Users;

/// <summary>A ban is a lockout without end; a lockout from wrong passwords ends after minutes.</summary>
public static class Bans
{
    public static readonly DateTimeOffset Forever = DateTimeOffset.MaxValue;

    public static bool IsBanned(DateTimeOffset? lockoutEnd) => lockoutEnd is { } end && end.Year >= 9999;
}
