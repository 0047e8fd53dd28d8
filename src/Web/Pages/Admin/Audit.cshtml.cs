using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TenantSessions.Application.Admin.Queries.ListMembers;
using TenantSessions.Application.Audit;
using TenantSessions.Application.Audit.Commands.UpdateAuditRetention;
using TenantSessions.Application.Audit.Queries.ListAuditEvents;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>
/// The workspace's audit log: filters in the query string (a GET form, so the page works without JavaScript and a
/// filtered view can be bookmarked), newest first, "Older events" follows the keyset cursor; export links for the
/// chosen time range; the retention setting (a fresh session, like every security setting).
/// </summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class AuditModel(IMediator mediator) : SessionPageModel(mediator)
{
    [BindProperty(SupportsGet = true, Name = "actor")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "target")]
    public string? Target { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "ip")]
    public string? Ip { get; set; }

    [BindProperty(SupportsGet = true, Name = "country")]
    public string? Country { get; set; }

    [BindProperty(SupportsGet = true, Name = "cursor")]
    public string? Cursor { get; set; }

    /// <summary>The retention form's value in days; empty = the platform default.</summary>
    [BindProperty(Name = "retentionDays")]
    public string? RetentionDays { get; set; }

    public AuditEventPage Events { get; private set; } = new([], null);

    public IReadOnlyList<MemberSummary> People { get; private set; } = [];

    public AuditRetentionView Retention { get; private set; } = null!;

    public bool Filtered => new[] { Actor, Target, ActionFilter, From, To, Ip, Country }.Any(v => !string.IsNullOrWhiteSpace(v));

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        People = await Mediator.Send(new ListMembersQuery(), cancellationToken);
        Retention = await Mediator.Send(new GetAuditRetentionQuery(), cancellationToken);
        RetentionDays ??= Retention.Workspace is { } days ? days.TotalDays.ToString("0", CultureInfo.InvariantCulture) : "";
        if (Filter() is not { } filter)
        {
            return;
        }

        try
        {
            Events = await Mediator.Send(new ListAuditEventsQuery(filter, string.IsNullOrWhiteSpace(Cursor) ? null : Cursor), cancellationToken);
        }
        catch (ValidationException e)
        {
            AddErrors(e);
        }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var page = await ShowAsync();
        if (page is PageResult && !ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return page;
    }

    public async Task<IActionResult> OnPostRetentionAsync()
    {
        ModelState.Clear();
        TimeSpan? retention = null;
        if (!string.IsNullOrWhiteSpace(RetentionDays))
        {
            if (!int.TryParse(RetentionDays, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days > 100 * 366)
            {
                ModelState.AddModelError("retentionDays", "Enter a whole number of days, or leave it empty for the platform default.");
                return await ShowAsync(StatusCodes.Status400BadRequest);
            }

            retention = TimeSpan.FromDays(days);
        }

        return await RunAsync(StepUpPrompt.For("Retention", "change how long audit events are kept", Fields(("retentionDays", RetentionDays ?? ""))), async ct =>
        {
            var view = await Mediator.Send(new UpdateAuditRetentionCommand(retention), ct);
            return Done($"Audit events are now kept for {Durations.Describe(view.Effective)}{(view.Workspace is null ? " (the platform default)" : "")}.");
        });
    }

    protected override string FieldFor(string property) => property == "retention" ? "retentionDays" : property;

    /// <summary>The link to the next (older) page: the same filters and the cursor.</summary>
    public string OlderLink(string cursor) => "/admin/audit?" + Query(("cursor", cursor));

    /// <summary>An export of the filter's time range (the export takes a time range only).</summary>
    public string ExportLink(string format) =>
        "/api/auth/admin/audit-events/export?" + string.Join('&', new[] { ("format", format), ("from", Instant(From)), ("to", Instant(To)) }
            .Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    public string PersonLabel(Guid? id, string? name, string? email) =>
        id is null ? "—" : string.IsNullOrEmpty(name) ? email ?? id.ToString()! : $"{name} ({email})";

    private string Query(params (string Name, string? Value)[] extra) =>
        string.Join('&', new (string Name, string? Value)[] { ("actor", Actor), ("target", Target), ("action", ActionFilter), ("from", From), ("to", To), ("ip", Ip), ("country", Country) }
            .Concat(extra)
            .Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary>The filter, or null with field errors for what cannot be read.</summary>
    private AuditEventFilter? Filter()
    {
        var actor = Id(Actor, "actor");
        var target = Id(Target, "target");
        var from = At(From, "from");
        var to = At(To, "to");
        if (!ModelState.IsValid)
        {
            return null;
        }

        return new AuditEventFilter(actor, target, Blank(ActionFilter), from, to, Blank(Ip), Blank(Country));
    }

    private Guid? Id(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        ModelState.AddModelError(field, "Choose a person from the list.");
        return null;
    }

    /// <summary>The form's <c>datetime-local</c> value (read as UTC) or any ISO 8601 instant.</summary>
    private DateTimeOffset? At(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        ModelState.AddModelError(field, "Enter a date and time, such as 2026-12-01 09:00.");
        return null;
    }

    private static string? Instant(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void AddErrors(ValidationException e)
    {
        foreach (var (field, messages) in e.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }
    }
}
