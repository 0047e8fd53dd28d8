using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Admin.Commands.RenameWorkspace;
using TenantSessions.Application.Admin.Commands.UpdateTenantSessionPolicy;
using TenantSessions.Application.Admin.Queries.GetTenantSessionPolicy;
using TenantSessions.Application.Admin.Queries.PreviewTenantSessionPolicy;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>The workspace's session policy: each value in friendly units, empty for the platform default shown beside it.</summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class SettingsModel(IMediator mediator, ICurrentTenant tenant, Microsoft.Extensions.Options.IOptions<TenantSessions.Application.Sessions.SessionEngineOptions> engineOptions) : SessionPageModel(mediator)
{
    /// <summary>
    /// The values that will apply if the form is saved as it stands (the saved policy on a first look, the values typed
    /// after a preview): an empty field inherits the platform default bent to fit the values set (ADR-010a), so a
    /// 2-hour lifetime refreshes every 17 minutes, not every day. Falls back to the policy in effect while the form has errors.
    /// </summary>
    public SessionPolicyValues Applies => ModelState.IsValid
        ? SessionPolicyView.Create(Input.ToCommand().ToPolicy(), engineOptions.Value).Effective
        : Policy.Effective;

    /// <summary>Why an inherited value differs from the platform default, in words; null when it doesn't (or the field is set).</summary>
    public string? Derived(string field)
    {
        var applies = Applies;
        var defaults = Policy.Defaults;
        return field switch
        {
            nameof(PolicyInput.ExpiresIn) when Input.ExpiresIn is null && applies.ExpiresIn != defaults.ExpiresIn =>
                Input.AbsoluteLifetime is not null && applies.ExpiresIn == applies.AbsoluteLifetime ? "kept within the absolute lifetime set here" : "raised to the refresh interval set here",
            nameof(PolicyInput.UpdateAge) when Input.UpdateAge is null && applies.UpdateAge != defaults.UpdateAge =>
                $"scaled to the session lifetime of {Durations.Describe(applies.ExpiresIn!.Value)}",
            nameof(PolicyInput.AbsoluteLifetime) when Input.AbsoluteLifetime is null && applies.AbsoluteLifetime != defaults.AbsoluteLifetime =>
                "raised to the session lifetime set here",
            _ => null,
        };
    }

    /// <summary>The workspace's display name (its address, the slug, never changes).</summary>
    public string WorkspaceName => tenant.Tenant?.Name ?? "";

    public string WorkspaceSlug => tenant.Tenant?.Slug ?? "";

    /// <summary>A refused rename: the name typed, shown again with its error.</summary>
    public string? RenameAttempt { get; private set; }

    public async Task<IActionResult> OnPostRenameAsync(string? name)
    {
        RenameAttempt = name ?? "";
        Input = PolicyInput.From((await Mediator.Send(new GetTenantSessionPolicyQuery(), HttpContext.RequestAborted)).Tenant);
        ModelState.Clear();
        return await RunAsync(StepUpPrompt.For("Rename", "rename the workspace", Fields(("name", name ?? ""))), async ct =>
        {
            await Mediator.Send(new RenameWorkspaceCommand(name ?? ""), ct);
            return Done($"The workspace is now called {name!.Trim()}. Its address did not change.");
        });
    }

    public SessionPolicyView Policy { get; private set; } = null!;

    [BindProperty]
    public PolicyInput Input { get; set; } = new();

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Policy = await Mediator.Send(new GetTenantSessionPolicyQuery(), cancellationToken);

    public async Task<IActionResult> OnGetAsync()
    {
        var page = await ShowAsync();
        Input = PolicyInput.From(Policy.Tenant);
        return page;
    }

    /// <summary>What saving the form would do to the sessions live now; shown above the form.</summary>
    public SessionPolicyImpact? Impact { get; private set; }

    /// <summary>Saving would end sessions: the form asks to confirm first (a second submit with <c>Input.Confirmed</c>).</summary>
    public bool NeedsConfirmation { get; private set; }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (!ModelState.IsValid)
        {
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }

        return await RunAsync(StepUpPrompt.For("Preview", "preview the session policy"), async ct =>
        {
            Impact = await Mediator.Send(new PreviewTenantSessionPolicyQuery(Input.ToCommand()), ct);
            return await ShowAsync();
        });
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }

        return await RunAsync(StepUpPrompt.For("", "change the session policy"), async ct =>
        {
            if (!Input.Confirmed)
            {
                var impact = await Mediator.Send(new PreviewTenantSessionPolicyQuery(Input.ToCommand()), ct);
                if (impact.SessionsEnding > 0)
                {
                    Impact = impact;
                    NeedsConfirmation = true;
                    return await ShowAsync();
                }
            }

            var saved = await Mediator.Send(Input.ToCommand(), ct);
            if (saved.Applied is { IncludesCurrentSession: true })
            {
                return Redirect($"/sign-in?reason={RevokeReasons.WorkspacePolicy}");
            }

            return Done("The session policy was saved. New sign-ins and refreshes use it from now on." + Applied(saved.Applied));
        });
    }

    private static string Applied(SessionPolicyImpact? applied) => applied switch
    {
        null or { SessionsEnding: 0, SessionsShortened: 0 } => "",
        { SessionsEnding: 0 } => $" {Plural(applied.SessionsShortened, "session was", "sessions were")} shortened.",
        { SessionsShortened: 0 } => $" {Plural(applied.SessionsEnding, "session", "sessions")} ended.",
        _ => $" {Plural(applied.SessionsEnding, "session", "sessions")} ended and {Plural(applied.SessionsShortened, "was", "were")} shortened.",
    };

    private static readonly string[] PolicyFields =
    [
        nameof(PolicyInput.ExpiresIn), nameof(PolicyInput.UpdateAge), nameof(PolicyInput.FreshAge), nameof(PolicyInput.AbsoluteLifetime),
        nameof(PolicyInput.MaxConcurrentSessions), nameof(PolicyInput.ConcurrentSessionAction), nameof(PolicyInput.IdleTimeout),
    ];

    protected override string FieldFor(string property)
    {
        if (RenameAttempt is not null)
        {
            return string.Equals(property, nameof(RenameWorkspaceCommand.Name), StringComparison.OrdinalIgnoreCase) ? "name" : "";
        }

        var name = property[(property.LastIndexOf('.') + 1)..];
        return PolicyFields.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase)) is { } field ? $"{nameof(Input)}.{field}" : "";
    }

    public sealed class PolicyInput
    {
        public decimal? ExpiresIn { get; set; }

        public string ExpiresInUnit { get; set; } = Durations.Days;

        public decimal? UpdateAge { get; set; }

        public string UpdateAgeUnit { get; set; } = Durations.Hours;

        public decimal? FreshAge { get; set; }

        public string FreshAgeUnit { get; set; } = Durations.Hours;

        public decimal? AbsoluteLifetime { get; set; }

        public string AbsoluteLifetimeUnit { get; set; } = Durations.Days;

        public decimal? IdleTimeout { get; set; }

        public string IdleTimeoutUnit { get; set; } = Durations.Minutes;

        [Range(1, UpdateTenantSessionPolicyValidator.MaxConcurrentSessionsLimit, ErrorMessage = "Devices per person must be between 1 and 100, or empty for the platform default.")]
        public int? MaxConcurrentSessions { get; set; }

        public ConcurrentSessionAction ConcurrentSessionAction { get; set; }

        /// <summary>The admin saw the impact (sessions that will end) and saves anyway.</summary>
        public bool Confirmed { get; set; }

        public static PolicyInput From(SessionPolicyValues values)
        {
            var input = new PolicyInput { MaxConcurrentSessions = values.MaxConcurrentSessions, ConcurrentSessionAction = values.ConcurrentSessionAction };
            (input.ExpiresIn, input.ExpiresInUnit) = Split(values.ExpiresIn, input.ExpiresInUnit);
            (input.UpdateAge, input.UpdateAgeUnit) = Split(values.UpdateAge, input.UpdateAgeUnit);
            (input.FreshAge, input.FreshAgeUnit) = Split(values.FreshAge, input.FreshAgeUnit);
            (input.AbsoluteLifetime, input.AbsoluteLifetimeUnit) = Split(values.AbsoluteLifetime, input.AbsoluteLifetimeUnit);
            (input.IdleTimeout, input.IdleTimeoutUnit) = Split(values.IdleTimeout, input.IdleTimeoutUnit);
            return input;
        }

        public UpdateTenantSessionPolicyCommand ToCommand() => new(
            Durations.Combine(ExpiresIn, ExpiresInUnit),
            Durations.Combine(UpdateAge, UpdateAgeUnit),
            Durations.Combine(FreshAge, FreshAgeUnit),
            Durations.Combine(AbsoluteLifetime, AbsoluteLifetimeUnit),
            MaxConcurrentSessions,
            ConcurrentSessionAction,
            Durations.Combine(IdleTimeout, IdleTimeoutUnit));

        private static (decimal?, string) Split(TimeSpan? value, string unit) =>
            value is { } v ? Durations.Split(v) : (null, unit);
    }
}
