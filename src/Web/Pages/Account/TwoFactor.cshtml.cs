using System.Text;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
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
/// codes, turn it off (a code). Setting up, new codes and turning off need a fresh session (the step-up form). What a
/// set-up shows once travels sealed in the page's forms (<see cref="SetupSheet"/>), so a mistyped code keeps it on screen.
/// </summary>
public sealed class TwoFactorModel(IMediator mediator, SetupSheet sheets, ICurrentSession current, ICurrentTenant tenant) : SessionPageModel(mediator)
{
    public TwoFactorStatus Status { get; private set; } = new(false, 0, false);

    /// <summary>Set in the response that created them and, sealed, in the next ones while the code is being typed.</summary>
    public TwoFactorSetup? Setup { get; private set; }

    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    /// <summary>The sealed set-up or new codes (<see cref="SetupSheet"/>), sent back by the page's forms.</summary>
    [BindProperty(Name = SetupSheet.Field)]
    public string? Sheet { get; set; }

    /// <summary>Set-up has started (a key exists) and waits for a code from the app.</summary>
    public bool AwaitingConfirmation { get; private set; }

    /// <summary>Why the code typed under the set-up was refused, shown beside that field.</summary>
    public string? CodeError { get; private set; }

    /// <summary>"Make new recovery codes": the codes left stop working.</summary>
    public ConfirmPrompt RegeneratePrompt => ConfirmPrompt.RegenerateRecoveryCodes(Status.RecoveryCodesLeft);

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
            catch (RefusalException e) when (e.Code == ErrorCodes.SessionNotFresh && !string.IsNullOrEmpty(password))
            {
                await ReauthenticateAsync(password, ct);
                Setup = await Mediator.Send(command, ct);
            }

            Sheet = current.UserId is { } userId ? sheets.Seal(userId, Setup) : null;
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
        catch (RefusalException e) when (e.Code is SecondFactorErrors.InvalidCode)
        {
            CodeError = e.Message;
            AwaitingConfirmation = true;
            Setup = sheets.Open(current.UserId, Sheet);
            Sheet = Setup is null ? null : Sheet;
            return await ShowAsync(ErrorStatus.Of(e));
        }
        catch (RefusalException e) when (ErrorStatus.Of(e) != StatusCodes.Status401Unauthorized)
        {
            Error = e.Message;
            return await ShowAsync(ErrorStatus.Of(e));
        }

        return await DoneAfterFactorChangeAsync("Two-factor authentication is on. You'll be asked for a code when you sign in.", HttpContext.RequestAborted);
    }

    /// <summary>The recovery codes on screen as a text file; only the person they were sealed for, while the sheet lasts.</summary>
    public async Task<IActionResult> OnPostDownloadCodesAsync()
    {
        if (sheets.Open(current.UserId, Sheet) is not { } sealedCodes)
        {
            Error = "That download has expired. Make new recovery codes to get a file.";
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }

        var place = tenant.Tenant?.Name ?? "TenantSessions Platform";
        var file = Encoding.UTF8.GetBytes(SetupSheet.TextFile(place, sealedCodes.BackupCodes));
        return File(file, "text/plain; charset=utf-8", $"recovery-codes-{tenant.Tenant?.Slug ?? "platform"}.txt");
    }

    public Task<IActionResult> OnPostRegenerateAsync() =>
        ConfirmThenRunAsync(
            async ct => ConfirmPrompt.RegenerateRecoveryCodes((await Mediator.Send(new GetTwoFactorStatusQuery(), ct)).RecoveryCodesLeft),
            StepUpPrompt.For("Regenerate", "make new recovery codes"), async ct =>
        {
            NewRecoveryCodes = await Mediator.Send(new RegenerateRecoveryCodesCommand(), ct);
            Sheet = current.UserId is { } userId ? sheets.Seal(userId, new TwoFactorSetup("", "", NewRecoveryCodes)) : null;
            await OfferToEndOthersAsync(ct);
            return await ShowAsync();
        });

    public Task<IActionResult> OnPostDisableAsync([FromForm] string? code) =>
        RunAsync(StepUpPrompt.For("Disable", "turn off two-factor authentication", Fields(("code", code ?? ""))), async ct =>
        {
            await Mediator.Send(new DisableTwoFactorCommand(code ?? ""), ct);
            return await DoneAfterFactorChangeAsync("Two-factor authentication is off.", ct);
        });
}
