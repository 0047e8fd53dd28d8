namespace TenantSessions.Web.Pages.Shared;

/// <summary>
/// The <c>sort</c> and <c>dir</c> query parameters of a list (members, tenants): a column name in any case and
/// <c>asc</c>/<c>desc</c>. Pages fall back to the default order on an unknown value; the API refuses it.
/// </summary>
public static class SortOrder
{
    public static bool TryParse<TSort>(string? sort, string? dir, out TSort column, out bool descending)
        where TSort : struct, Enum
    {
        column = default;
        descending = false;
        if (!string.IsNullOrEmpty(sort) && (!Enum.TryParse(sort, ignoreCase: true, out column) || !Enum.IsDefined(column) || int.TryParse(sort, out _)))
        {
            column = default;
            return false;
        }

        switch (dir?.ToLowerInvariant())
        {
            case null or "" or "asc":
                return true;
            case "desc":
                descending = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The order a page shows: the one asked for, or the default when it makes no sense.</summary>
    public static (TSort Column, bool Descending) ForPage<TSort>(string? sort, string? dir)
        where TSort : struct, Enum =>
        TryParse<TSort>(sort, dir, out var column, out var descending) ? (column, descending) : (default, false);

    public static string Key<TSort>(TSort column)
        where TSort : struct, Enum => column.ToString().ToLowerInvariant();
}
