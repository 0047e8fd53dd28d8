using Mediator;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Application.SecondFactors.Commands.ConfirmTwoFactor;
using TenantSessions.Application.SecondFactors.Commands.DisableTwoFactor;
using TenantSessions.Application.SecondFactors.Commands.EnableTwoFactor;
using TenantSessions.Application.SecondFactors.Commands.RegenerateRecoveryCodes;
using TenantSessions.Application.SecondFactors.Queries.GetTwoFactorStatus;
using TenantSessions.Web.Infrastructure;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Account;

/// <summary>
/// Two-factor authentication of the signed-in person: set it up (password, then a code from the app), make new recovery
/// codes, turn it off (a code). Setting up, new codes and turning off need a fresh session (the step-up form).
/// </summary>
public sealed class TwoFactorModel(IMediator mediator) : SessionPageModel(mediator)
{
    public TwoFactorStatus Status { get; private set; } = new(false, 0, false);

    /// <summary>Set only in the response that created them: the secret and codes are shown once.</summary>
    public TwoFactorSetup? Setup { get; private set; }

    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    /// <summary>Set-up has started (a key exists) and waits for a code from the app.</summary>
    public bool AwaitingConfirmation { get; private set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Status = await Mediator.Send(new GetTwoFactorStatusQuery(), cancellationToken);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostEnableAsync([FromForm] string? password)
    {
        return await RunAsync(StepUpPrompt.For("Enable", "set up two-factor authentication"), async ct =>
        {
            var command = new EnableTwoFactorCommand(password ?? StepUpPassword ?? "");
            try
            {
                Setup = await Mediator.Send(command, ct);
            }
            catch (SessionErrorException e) when (e.Code == ErrorCodes.SessionNotFresh && !string.IsNullOrEmpty(password))
            {
                await ReauthenticateAsync(password, ct);
                Setup = await Mediator.Send(command, ct);
            }

            AwaitingConfirmation = true;
            return await ShowAsync();
        });
    }

    public async Task<IActionResult> OnPostConfirmAsync([FromForm] string? code)
    {
        try
        {
            await Mediator.Send(new ConfirmTwoFactorCommand(code ?? ""), HttpContext.RequestAborted);
        }
        catch (SessionErrorException e) when (ErrorStatus.Of(e) != StatusCodes.Status401Unauthorized || e.Code == SecondFactorErrors.InvalidCode)
        {
            Error = e.Message;
            AwaitingConfirmation = e.Code == SecondFactorErrors.InvalidCode;
            return await ShowAsync(ErrorStatus.Of(e));
        }

        return Done("Two-factor authentication is on. You'll be asked for a code when you sign in.");
    }

    public Task<IActionResult> OnPostRegenerateAsync() =>
        RunAsync(StepUpPrompt.For("Regenerate", "make new recovery codes"), async ct =>
        {
            NewRecoveryCodes = await Mediator.Send(new RegenerateRecoveryCodesCommand(), ct);
            return await ShowAsync();
        });

    public Task<IActionResult> OnPostDisableAsync([FromForm] string? code) =>
        RunAsync(StepUpPrompt.For("Disable", "turn off two-factor authentication", Fields(("code", code ?? ""))), async ct =>
        {
            await Mediator.Send(new DisableTwoFactorCommand(code ?? ""), ct);
            return Done("Two-factor authentication is off.");
        });
}
