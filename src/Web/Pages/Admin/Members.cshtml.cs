using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Admin.Queries.ListMembers;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

[Authorize(Roles = Roles.TenantAdmin)]
public sealed class MembersModel(IMediator mediator) : SessionPageModel(mediator)
{
    public IReadOnlyList<MemberSummary> Members { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? SortParameter { get; set; }

    [BindProperty(SupportsGet = true, Name = "dir")]
    public string? DirParameter { get; set; }

    /// <summary>The sortable columns: the header links and the "Sort by" choices.</summary>
    public static readonly (MemberSort Column, string Label, string Css)[] Columns =
    [
        (MemberSort.Name, "Name", ""), (MemberSort.Email, "E-mail", ""), (MemberSort.Role, "Role", ""),
        (MemberSort.Sessions, "Live sessions", "num"), (MemberSort.LastActive, "Last active", ""),
    ];

    public MemberSort Sort { get; private set; }

    public bool Descending { get; private set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        (Sort, Descending) = SortOrder.ForPage<MemberSort>(SortParameter, DirParameter);
        Members = await Mediator.Send(new ListMembersQuery(Search, Sort, Descending), cancellationToken);
    }

    /// <summary><c>ascending</c>/<c>descending</c> on the column the list is sorted by, else null (no <c>aria-sort</c>).</summary>
    public string? AriaSort(MemberSort column) => column == Sort ? Descending ? "descending" : "ascending" : null;

    /// <summary>The link of a column header: sorts by it, ascending first, the other way when it is already the order; keeps the search.</summary>
    public string SortLink(MemberSort column)
    {
        var descending = column == Sort ? !Descending : column is MemberSort.Sessions or MemberSort.LastActive;
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            query.Add("q=" + Uri.EscapeDataString(Search));
        }

        query.Add("sort=" + SortOrder.Key(column));
        if (descending)
        {
            query.Add("dir=desc");
        }

        return "/admin/members?" + string.Join('&', query);
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public static string RoleLabel(IReadOnlyList<string> roles) =>
        roles.Contains(Roles.TenantAdmin) ? "Admin" : roles.Contains(Roles.Member) ? "Member" : string.Join(", ", roles);
}
