namespace TenantSessions.Application.Sessions;

public enum DeviceKind
{
    Unknown,
    Desktop,
    Phone,
    Tablet,
}

/// <summary>
/// Which kind of device a User-Agent header comes from, for the icon beside a session. Only what the header says:
/// an iPad that asks for desktop sites (iPadOS 13+ Safari sends "Macintosh") counts as a desktop.
/// </summary>
public static class DeviceKinds
{
    private static readonly string[] TabletTokens = ["iPad", "Tablet", "Kindle", "Silk/", "PlayBook"];

    private static readonly string[] PhoneTokens = ["iPhone", "iPod", "Windows Phone", "BlackBerry", "BB10", "Mobile"];

    private static readonly string[] DesktopTokens = ["Windows NT", "Macintosh", "Mac OS X", "X11", "CrOS", "Linux"];

    public static DeviceKind Classify(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return DeviceKind.Unknown;
        }

        if (TabletTokens.Any(t => userAgent.Contains(t, StringComparison.OrdinalIgnoreCase)))
        {
            return DeviceKind.Tablet;
        }

        if (userAgent.Contains("Android", StringComparison.OrdinalIgnoreCase))
        {
            return userAgent.Contains("Mobile", StringComparison.OrdinalIgnoreCase) ? DeviceKind.Phone : DeviceKind.Tablet;
        }

        if (PhoneTokens.Any(t => userAgent.Contains(t, StringComparison.OrdinalIgnoreCase)))
        {
            return DeviceKind.Phone;
        }

        return DesktopTokens.Any(t => userAgent.Contains(t, StringComparison.OrdinalIgnoreCase)) ? DeviceKind.Desktop : DeviceKind.Unknown;
    }

    public static string Describe(DeviceKind kind) => kind switch
    {
        DeviceKind.Desktop => "Computer",
        DeviceKind.Phone => "Phone",
        DeviceKind.Tablet => "Tablet",
        _ => "Unknown device type",
    };
}
