using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Platform.Commands.ReactivateTenant;
using TenantSessions.Application.Platform.Commands.RenameTenant;
using TenantSessions.Application.Platform.Commands.RevokeTenantSessions;
using TenantSessions.Application.Platform.Commands.SuspendTenant;
using TenantSessions.Application.Platform.Queries.ListTenants;
using TenantSessions.Application.Sessions.Commands.TriggerPurge;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;
using TenantSessions.Web.Tenancy;

namespace TenantSessions.Web.Pages.Platform;

/// <summary>Every workspace with its status and counts; suspend (a reason is required: its people will read it), reactivate, end all sessions.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin)]
public sealed class TenantsModel(IMediator mediator, IOptions<TenancyOptions> tenancy) : SessionPageModel(mediator)
{
    public IReadOnlyList<TenantSummary> Tenants => Listing.Tenants;

    /// <summary>The page shown: <see cref="ListTenantsQuery.DefaultLimit"/> workspaces from <see cref="Offset"/>.</summary>
    public TenantPage Listing { get; private set; } = new([], 0, 0, ListTenantsQuery.DefaultLimit);

    [BindProperty(SupportsGet = true, Name = "offset")]
    public int Offset { get; set; }

    /// <summary>The tenant whose suspend form failed, so its reason field shows the error.</summary>
    public Guid? SuspendFailedFor { get; private set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? SortParameter { get; set; }

    [BindProperty(SupportsGet = true, Name = "dir")]
    public string? DirParameter { get; set; }

    public TenantSort Sort { get; private set; }

    public bool Descending { get; private set; }

    public static readonly IReadOnlyList<(TenantSort Column, string Label)> SortChoices =
        [(TenantSort.Name, "Name"), (TenantSort.Created, "Created"), (TenantSort.Members, "Members"), (TenantSort.Sessions, "Live sessions"), (TenantSort.Status, "Status (suspended last)")];

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        (Sort, Descending) = SortOrder.ForPage<TenantSort>(SortParameter, DirParameter);
        Listing = await Mediator.Send(new ListTenantsQuery(Search, Sort, Descending, Math.Max(0, Offset)), cancellationToken);
        if (Listing.Tenants.Count == 0 && Listing.Offset > 0 && Listing.Total > 0)
        {
            // Past the last page (the list shrank, or a hand-made link): the last page instead of an empty one.
            var last = (Listing.Total - 1) / Listing.Limit * Listing.Limit;
            Listing = await Mediator.Send(new ListTenantsQuery(Search, Sort, Descending, last), cancellationToken);
        }
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostSuspendAsync(Guid tenantId, string? reason)
    {
        SuspendFailedFor = tenantId;
        var name = await NameOfAsync(tenantId);
        var stepUp = StepUpPrompt.For("Suspend", SuspendAction(name, reason), Fields(("tenantId", tenantId.ToString()), ("reason", reason ?? "")));
        Task<IActionResult> Suspend(CancellationToken ct) => SuspendAsync(tenantId, name, reason, ct);
        return string.IsNullOrWhiteSpace(reason)
            ? await RunAsync(stepUp, Suspend)
            : await ConfirmThenRunAsync(async ct => SuspendPrompt(await TenantAsync(tenantId, ct), reason), stepUp, Suspend);
    }

    /// <summary>What the step-up prompt names: the suspension and the reason its people will read.</summary>
    public static string SuspendAction(string name, string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? $"suspend {name}" : $"suspend {name} with the reason \u201c{reason.Trim()}\u201d, which its people will read";

    public static ConfirmPrompt SuspendPrompt(TenantSummary tenant, string? reason = null) =>
        ConfirmPrompt.Suspend(tenant.Id, tenant.Name, tenant.LiveSessions, tenant.Members, reason);

    public static ConfirmPrompt EndSessionsPrompt(TenantSummary tenant) =>
        ConfirmPrompt.EndTenantSessions(tenant.Id, tenant.Name, tenant.LiveSessions);

    /// <summary>The link to the page of workspaces from <paramref name="offset"/>, in the same search and order.</summary>
    public string PageLink(int offset)
    {
        var query = new Dictionary<string, string?> { ["q"] = Search, ["sort"] = SortParameter, ["dir"] = DirParameter, ["offset"] = offset > 0 ? offset.ToString(System.Globalization.CultureInfo.InvariantCulture) : null };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/platform/tenants", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    private async Task<TenantSummary> TenantAsync(Guid tenantId, CancellationToken cancellationToken) =>
        (await Mediator.Send(new ListTenantsQuery(Id: tenantId), cancellationToken)).Tenants.FirstOrDefault()
        ?? throw new NotFoundException("There is no such workspace.");

    private async Task<IActionResult> SuspendAsync(Guid tenantId, string name, string? reason, CancellationToken ct)
    {
        var result = await Mediator.Send(new SuspendTenantCommand(tenantId, reason ?? ""), ct);
        return Done(result, $"{name} is suspended. {Plural(result.Count, "session was", "sessions were")} ended.");
    }

    /// <summary>The tenant whose rename form failed, so it stays open with the error.</summary>
    public Guid? RenameFailedFor { get; private set; }

    public async Task<IActionResult> OnPostRenameAsync(Guid tenantId, string? name)
    {
        RenameFailedFor = tenantId;
        var previous = await NameOfAsync(tenantId);
        return await RunAsync(StepUpPrompt.For("Rename", $"rename {previous}", Fields(("tenantId", tenantId.ToString()), ("name", name ?? ""))), async ct =>
        {
            await Mediator.Send(new RenameTenantCommand(tenantId, name ?? ""), ct);
            return Done($"{previous} is now called {name!.Trim()}. Its address did not change.");
        });
    }

    public async Task<IActionResult> OnPostReactivateAsync(Guid tenantId)
    {
        var name = await NameOfAsync(tenantId);
        return await RunAsync(StepUpPrompt.For("Reactivate", $"reactivate {name}", Fields(("tenantId", tenantId.ToString()))), async ct =>
        {
            await Mediator.Send(new ReactivateTenantCommand(tenantId), ct);
            return Done($"{name} is active again. Its people can sign in.");
        });
    }

    public async Task<IActionResult> OnPostRevokeSessionsAsync(Guid tenantId)
    {
        var name = await NameOfAsync(tenantId);
        return await ConfirmThenRunAsync(
            async ct => EndSessionsPrompt(await TenantAsync(tenantId, ct)),
            StepUpPrompt.For("RevokeSessions", $"end every session of {name}", Fields(("tenantId", tenantId.ToString()))), async ct =>
        {
            var result = await Mediator.Send(new RevokeTenantSessionsCommand(tenantId), ct);
            return Done(result, $"Ended {Plural(result.Count, "session", "sessions")} of {name}.");
        });
    }

    public Task<IActionResult> OnPostPurgeAsync() =>
        RunAsync(StepUpPrompt.For("Purge", "purge expired sessions"), async ct =>
        {
            var result = await Mediator.Send(new TriggerPurgeCommand(), ct);
            return Done($"The purge is queued (job {result.JobId}).");
        });

    public string WorkspaceUrl(TenantSummary tenant) =>
        $"{Request.Scheme}://{WorkspaceHost(tenant)}/";

    public string WorkspaceHost(TenantSummary tenant) =>
        Request.Host.Port is { } port ? $"{tenant.Slug}.{tenancy.Value.BaseDomain}:{port}" : $"{tenant.Slug}.{tenancy.Value.BaseDomain}";

    protected override string FieldFor(string property) => property switch
    {
        _ when string.Equals(property, nameof(SuspendTenantCommand.Reason), StringComparison.OrdinalIgnoreCase) => "reason",
        _ when string.Equals(property, nameof(RenameTenantCommand.Name), StringComparison.OrdinalIgnoreCase) => "name",
        _ => "",
    };

    private async Task<string> NameOfAsync(Guid tenantId) =>
        (await Mediator.Send(new ListTenantsQuery(Id: tenantId), HttpContext.RequestAborted)).Tenants.FirstOrDefault()?.Name ?? "the workspace";
}
