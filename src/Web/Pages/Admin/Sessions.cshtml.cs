using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Admin.Commands.EndWorkspaceSessions;
using TenantSessions.Application.Admin.Queries.ListMembers;
using TenantSessions.Application.Admin.Queries.ListWorkspaceSessions;
using TenantSessions.Application.Admin.Sessions;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>
/// The session console: every live session of the workspace, filtered by a GET form (so a view can be bookmarked and
/// works without JavaScript), 50 to a page; "End selected" and "End all N matches" confirm first (the dialog, or the
/// confirmation step without JavaScript), need a fresh session, and end in one command (ADR-025). The administrator's
/// own session here is never ended from the console.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class SessionsModel(IMediator mediator) : SessionPageModel(mediator)
{
    public const int PageSize = 50;

    /// <summary>The "Started" choices: key, label, minimum and maximum age.</summary>
    public static readonly (string Key, string Label, TimeSpan? Min, TimeSpan? Max)[] Ages =
    [
        ("lt1h", "In the last hour", null, TimeSpan.FromHours(1)),
        ("lt1d", "In the last day", null, TimeSpan.FromDays(1)),
        ("gt1d", "More than a day ago", TimeSpan.FromDays(1), null),
        ("gt7d", "More than 7 days ago", TimeSpan.FromDays(7), null),
        ("gt30d", "More than 30 days ago", TimeSpan.FromDays(30), null),
    ];

    /// <summary>The "Last active" choices: key, label, minimum and maximum idle time.</summary>
    public static readonly (string Key, string Label, TimeSpan? Min, TimeSpan? Max)[] Idles =
    [
        ("lt1h", "In the last hour", null, TimeSpan.FromHours(1)),
        ("lt1d", "In the last day", null, TimeSpan.FromDays(1)),
        ("gt1h", "More than an hour ago", TimeSpan.FromHours(1), null),
        ("gt1d", "More than a day ago", TimeSpan.FromDays(1), null),
        ("gt7d", "More than 7 days ago", TimeSpan.FromDays(7), null),
    ];

    public static readonly (WorkspaceSessionSort Column, string Label)[] Columns =
    [
        (WorkspaceSessionSort.LastActive, "Last active"), (WorkspaceSessionSort.Started, "Started"), (WorkspaceSessionSort.Member, "Member"),
        (WorkspaceSessionSort.Country, "Country"), (WorkspaceSessionSort.Device, "Device"), (WorkspaceSessionSort.Method, "Sign-in method"),
    ];

    public static readonly string[] Methods =
    [
        AuthenticationMethods.Password, AuthenticationMethods.PasswordAndTotp, AuthenticationMethods.PasswordAndRecoveryCode,
        AuthenticationMethods.Passkey, AuthenticationMethods.Sso, AuthenticationMethods.Impersonation,
    ];

    [BindProperty(SupportsGet = true, Name = "member")]
    public string? Member { get; set; }

    [BindProperty(SupportsGet = true, Name = "role")]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true, Name = "country")]
    public string? Country { get; set; }

    [BindProperty(SupportsGet = true, Name = "device")]
    public string? Device { get; set; }

    [BindProperty(SupportsGet = true, Name = "method")]
    public string? Method { get; set; }

    [BindProperty(SupportsGet = true, Name = "age")]
    public string? Age { get; set; }

    [BindProperty(SupportsGet = true, Name = "idle")]
    public string? Idle { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? SortParameter { get; set; }

    [BindProperty(SupportsGet = true, Name = "dir")]
    public string? DirParameter { get; set; }

    [BindProperty(SupportsGet = true, Name = "offset")]
    public int Offset { get; set; }

    /// <summary>The ticked sessions; the confirmation and step-up forms send them again as one comma-separated value.</summary>
    [BindProperty(Name = "sessionIds")]
    public string[] SessionIds { get; set; } = [];

    public WorkspaceSessionPage Sessions { get; private set; } = new([], 0, 0, PageSize);

    public IReadOnlyList<MemberSummary> People { get; private set; } = [];

    public WorkspaceSessionSort Sort { get; private set; }

    public bool Descending { get; private set; }

    public bool Filtered => new[] { Member, Role, Country, Device, Method, Age, Idle }.Any(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>The matches "End all" ends: every one but this session.</summary>
    public int Endable => Sessions.Total - (Sessions.IncludesCurrentSession ? 1 : 0);

    /// <summary>"End all 12 matches", "End the 1 match", "End all 40 sessions".</summary>
    public string EndMatchesButton => (Endable, Filtered) switch
    {
        (1, true) => "End the 1 match",
        (1, false) => "End the 1 session",
        (_, true) => $"End all {Endable} matches",
        _ => $"End all {Endable} sessions",
    };

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        People = await Mediator.Send(new ListMembersQuery(), cancellationToken);
        (Sort, Descending) = SessionOrder();
        if (FilterOrErrors() is not { } filter)
        {
            return;
        }

        try
        {
            Sessions = await Mediator.Send(new ListWorkspaceSessionsQuery(filter, Sort, Descending, Math.Max(Offset, 0), PageSize), cancellationToken);
        }
        catch (ValidationException e)
        {
            AddErrors(e);
        }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var page = await ShowAsync();
        if (page is Microsoft.AspNetCore.Mvc.RazorPages.PageResult && !ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return page;
    }

    /// <summary>"End selected": the dialog counts the ticked boxes itself (<c>data-confirm-count</c>); this is its wording.</summary>
    public ConfirmPrompt EndSelectedPrompt => Selected(SelectedIds().Count);

    /// <summary>"End all N matches", counted when the page is shown (the dialog) or posted (no JavaScript).</summary>
    public ConfirmPrompt EndMatchesPrompt => new(
        "EndMatches",
        Endable == 1 ? "End the 1 matching session?" : $"End all {Endable} matching sessions?",
        $"Ends {ConfirmPrompt.Sessions(Endable)}{(Filtered ? Endable == 1 ? " that matches this filter" : " that match this filter" : " in this workspace")}. Their people will be told an administrator ended them."
            + (Sessions.IncludesCurrentSession ? " Your own session here stays signed in." : ""),
        Endable == 1 ? "End 1 session" : $"End {Endable} sessions",
        FilterFields(),
        new Dictionary<string, string>());

    public async Task<IActionResult> OnPostEndSelectedAsync()
    {
        var raw = SessionIds.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var ids = SelectedIds();
        if (ids.Count == 0 || ids.Count != raw.Distinct(StringComparer.OrdinalIgnoreCase).Count())
        {
            ModelState.AddModelError("sessionIds", ids.Count == 0 ? "Tick at least one session to end." : "That selection is not one this page offered.");
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }

        var fields = FilterFields();
        fields["sessionIds"] = string.Join(',', ids);
        return await ConfirmThenRunAsync(
            _ => Task.FromResult(Selected(ids.Count) with { Fields = fields }),
            StepUpPrompt.For("EndSelected", "end the selected sessions", fields),
            async ct => Ended(await Mediator.Send(new EndWorkspaceSessionsCommand(ids, null), ct)));
    }

    public Task<IActionResult> OnPostEndMatchesAsync() =>
        ConfirmThenRunAsync(
            async ct =>
            {
                await LoadAsync(ct);
                return EndMatchesPrompt;
            },
            StepUpPrompt.For("EndMatches", "end every matching session", FilterFields()),
            async ct =>
            {
                if (FilterOrErrors() is not { } filter)
                {
                    return await ShowAsync(StatusCodes.Status400BadRequest);
                }

                var result = await Mediator.Send(new EndWorkspaceSessionsCommand(null, filter), ct);
                return Ended(result);
            });

    /// <summary>The link of a column header: sorts by it (times newest first), the other way when it is already the order; keeps the filter.</summary>
    public string SortLink(WorkspaceSessionSort column)
    {
        var descending = column == Sort ? !Descending : column is WorkspaceSessionSort.LastActive or WorkspaceSessionSort.Started;
        var query = FilterFields();
        query["sort"] = SortOrder.Key(column);
        query["dir"] = descending ? "desc" : "asc";
        return Link(query);
    }

    public string? AriaSort(WorkspaceSessionSort column) => column == Sort ? Descending ? "descending" : "ascending" : null;

    /// <summary>The same filter and order, from another offset.</summary>
    public string PageLink(int offset)
    {
        var query = FilterFields();
        if (!string.IsNullOrEmpty(SortParameter))
        {
            query["sort"] = SortParameter;
        }

        if (!string.IsNullOrEmpty(DirParameter))
        {
            query["dir"] = DirParameter;
        }

        query["offset"] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Link(query);
    }

    public static string MethodLabel(string method) => method == AuthenticationMethods.Impersonation ? "An administrator acting as them" : AuthenticationMethods.Describe(method);

    /// <summary>The filter as form fields (empty ones left out): the hidden fields of the end forms and the links.</summary>
    public Dictionary<string, string> FilterFields() =>
        new (string Name, string? Value)[] { ("member", Member), ("role", Role), ("country", Country), ("device", Device), ("method", Method), ("age", Age), ("idle", Idle) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .ToDictionary(p => p.Name, p => p.Value!.Trim());

    protected override string FieldFor(string property) => property switch
    {
        "userId" => "member",
        "deviceKind" => "device",
        "minAge" or "maxAge" => "age",
        "minIdle" or "maxIdle" => "idle",
        _ => property,
    };

    private static ConfirmPrompt Selected(int count) => new(
        "EndSelected",
        "End the selected sessions?",
        $"Ends {(count == 0 ? "{count}" : ConfirmPrompt.Sessions(count))} you ticked. Their people will be told an administrator ended them.",
        "End selected sessions",
        new Dictionary<string, string>(),
        new Dictionary<string, string>());

    private IActionResult Ended(WorkspaceSessionsEnded result)
    {
        var flash = result.Count == 0 ? "No live session was left to end." : $"Ended {Plural(result.Count, "session", "sessions")}.";
        if (result.SkippedCurrentSession)
        {
            flash += " Your own session here was left signed in.";
        }

        return Done(flash, FilterFields());
    }

    private List<Guid> SelectedIds() =>
        SessionIds.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => Guid.TryParse(v, out var id) ? id : (Guid?)null)
            .OfType<Guid>()
            .Distinct()
            .ToList();

    private (WorkspaceSessionSort, bool) SessionOrder()
    {
        try
        {
            return SessionConsoleRequest.Order(SortParameter, DirParameter);
        }
        catch (ValidationException)
        {
            return (WorkspaceSessionSort.LastActive, true);
        }
    }

    /// <summary>The filter, or null with field errors for what cannot be read.</summary>
    private WorkspaceSessionFilter? FilterOrErrors()
    {
        var age = Choice(Ages, Age, "age");
        var idle = Choice(Idles, Idle, "idle");
        if (!ModelState.IsValid)
        {
            return null;
        }

        try
        {
            return SessionConsoleRequest.Filter(Member, Role, Country, Device, Method, Seconds(age.Min), Seconds(age.Max), Seconds(idle.Min), Seconds(idle.Max));
        }
        catch (ValidationException e)
        {
            AddErrors(e);
            return null;
        }
    }

    private (TimeSpan? Min, TimeSpan? Max) Choice((string Key, string Label, TimeSpan? Min, TimeSpan? Max)[] choices, string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, null);
        }

        var choice = choices.FirstOrDefault(c => c.Key == value.Trim());
        if (choice.Key is null)
        {
            ModelState.AddModelError(field, "Choose one of the listed times.");
        }

        return (choice.Min, choice.Max);
    }

    private static long? Seconds(TimeSpan? value) => value is { } span ? (long)span.TotalSeconds : null;

    private void AddErrors(ValidationException e)
    {
        foreach (var (field, messages) in e.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(FieldFor(field), message);
            }
        }
    }

    private static string Link(Dictionary<string, string> query) =>
        "/admin/sessions" + (query.Count == 0 ? "" : "?" + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
}
