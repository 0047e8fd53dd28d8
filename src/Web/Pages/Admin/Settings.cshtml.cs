using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Admin.Commands.UpdateTenantSessionPolicy;
using TenantSessions.Application.Admin.Queries.GetTenantSessionPolicy;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>The workspace's session policy: each value in friendly units, empty for the platform default shown beside it.</summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class SettingsModel(IMediator mediator) : SessionPageModel(mediator)
{
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

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }

        return await RunAsync(StepUpPrompt.For("", "change the session policy"), async ct =>
        {
            await Mediator.Send(Input.ToCommand(), ct);
            return Done("The session policy was saved. New sign-ins and refreshes use it from now on.");
        });
    }

    private static readonly string[] PolicyFields =
    [
        nameof(PolicyInput.ExpiresIn), nameof(PolicyInput.UpdateAge), nameof(PolicyInput.FreshAge), nameof(PolicyInput.AbsoluteLifetime),
        nameof(PolicyInput.MaxConcurrentSessions), nameof(PolicyInput.ConcurrentSessionAction),
    ];

    protected override string FieldFor(string property) =>
        PolicyFields.FirstOrDefault(f => string.Equals(f, property, StringComparison.OrdinalIgnoreCase)) is { } field ? $"{nameof(Input)}.{field}" : "";

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

        [Range(1, UpdateTenantSessionPolicyValidator.MaxConcurrentSessionsLimit, ErrorMessage = "Devices per person must be between 1 and 100, or empty for the platform default.")]
        public int? MaxConcurrentSessions { get; set; }

        public ConcurrentSessionAction ConcurrentSessionAction { get; set; }

        public static PolicyInput From(SessionPolicyValues values)
        {
            var input = new PolicyInput { MaxConcurrentSessions = values.MaxConcurrentSessions, ConcurrentSessionAction = values.ConcurrentSessionAction };
            (input.ExpiresIn, input.ExpiresInUnit) = Split(values.ExpiresIn, input.ExpiresInUnit);
            (input.UpdateAge, input.UpdateAgeUnit) = Split(values.UpdateAge, input.UpdateAgeUnit);
            (input.FreshAge, input.FreshAgeUnit) = Split(values.FreshAge, input.FreshAgeUnit);
            (input.AbsoluteLifetime, input.AbsoluteLifetimeUnit) = Split(values.AbsoluteLifetime, input.AbsoluteLifetimeUnit);
            return input;
        }

        public UpdateTenantSessionPolicyCommand ToCommand() => new(
            Durations.Combine(ExpiresIn, ExpiresInUnit),
            Durations.Combine(UpdateAge, UpdateAgeUnit),
            Durations.Combine(FreshAge, FreshAgeUnit),
            Durations.Combine(AbsoluteLifetime, AbsoluteLifetimeUnit),
            MaxConcurrentSessions,
            ConcurrentSessionAction);

        private static (decimal?, string) Split(TimeSpan? value, string unit) =>
            value is { } v ? Durations.Split(v) : (null, unit);
    }
}
