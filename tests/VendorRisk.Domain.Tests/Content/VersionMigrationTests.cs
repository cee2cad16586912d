using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Versioning;

namespace VendorRisk.Domain.Tests.Content;

/// <summary>1.0.0 to 2.0.0: answers carry over exactly where a question kept its meaning (and therefore its id).</summary>
public class VersionMigrationTests
{
    /// <summary>The 1.0.0 questions whose meaning 2.0.0 keeps; every other 1.0.0 id is gone (split, reworded or dropped).</summary>
    private static readonly string[] Kept =
    [
        "ai_capabilities", "ai_incident_channel", "ai_inventory", "ai_literacy", "ai_anomaly_detection", "ai_policy", "ai_risk_process", "ai_roles",
        "adversarial_testing", "bias_metrics", "bias_testing", "ccpa_service_provider", "change_notice_to_customers", "code_review",
        "data_preparation", "data_provenance", "data_quality_checks", "data_subject_requests", "decision_logging", "dpia",
        "encryption_at_rest", "encryption_in_transit", "eu_role", "explainability", "finding_agent_unbounded", "finding_fm_may_train",
        "finding_no_ai_risk_assessment", "finding_no_code_review", "finding_no_encryption_at_rest", "finding_no_human_oversight",
        "finding_no_ir_plan", "finding_no_mfa", "finding_no_notification_commitment", "finding_no_pentest", "finding_no_prompt_injection_testing",
        "finding_no_security_monitoring", "finding_no_subprocessor_list", "finding_no_traceability", "finding_trains_on_customer_data",
        "foundation_model_providers", "hosting_regions", "human_oversight", "impact_assessment", "improvement_plan", "incidents_last_year",
        "incidents_summary", "intended_use_documented", "internal_audit", "ir_drills", "ir_plan", "key_management", "kill_switch", "last_drill_date",
        "last_pentest_date", "lessons_learned", "log_retention_days", "management_review", "mfa_admin", "model_count", "model_documentation",
        "model_validation", "model_version_control", "notification_hours", "notification_in_contract", "output_filtering", "pentest_frequency",
        "pentest_summary", "performance_monitoring", "processes_personal_data", "prompt_injection_testing", "provider_fallback", "pseudonymisation",
        "release_approval", "retention_days", "retraining_cadence", "sdlc", "secrets_management", "security_contact_email",
        "service_name", "service_description", "subprocessor_list", "subprocessor_list_url", "subprocessor_notice", "supplier_assessment",
        "supplier_contract_clauses", "third_party_monitoring", "threat_modelling", "training_on_customer_data", "transfer_safeguards",
        "trains_models", "trust_centre_url", "user_disclosure", "vuln_sla",
    ];

    [Fact]
    public void Exactly_the_questions_that_kept_their_meaning_keep_their_id()
    {
        var v1 = ShippedContent.SecurityV1.Definition.AllItems().Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var v2 = ShippedContent.SecurityV2.Definition.AllItems().Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Kept.Order(StringComparer.Ordinal), v1.Intersect(v2, StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_1_0_vendors_answers_carry_over_to_2_0_where_the_question_kept_its_meaning()
    {
        var v1 = ShippedContent.SecurityV1.Definition;
        var answers = ShippedContent.FavourableAnswers(v1, ShippedContent.Maximal);
        answers["training_on_customer_data"] = AnswerValue.Text("opt_out");
        var result = AnswerCarryOver.Carry(ShippedContent.SecurityV2, answers);

        var answerable = v1.AllItems().Where(i => i.IsAnswerable).Select(i => i.Id).ToList();
        Assert.Equal(answerable.Intersect(Kept).Order(StringComparer.Ordinal), result.Answers.Keys);
        Assert.All(result.Dropped, d => Assert.Equal(DropReason.ItemGone, d.Reason));
        Assert.Equal(answerable.Except(Kept).Order(StringComparer.Ordinal), result.Dropped.Select(d => d.OldItemId));
        Assert.Equal(AnswerValue.Text("opt_out"), result.Answers["training_on_customer_data"]);
        Assert.Equal(AnswerValue.Boolean(true), result.Answers["incidents_last_year"]);
    }

    [Fact]
    public void The_diff_from_1_0_shows_removals_additions_and_corrected_mappings()
    {
        var diff = QuestionnaireDiff.Compare(ShippedContent.SecurityV1.Definition, ShippedContent.SecurityV2.Definition);
        Assert.Contains(diff.Changes, c => c is { ItemId: "access_control", Kind: ItemChangeKind.Removed });
        Assert.Contains(diff.Changes, c => c is { ItemId: "tenant_isolation", Kind: ItemChangeKind.Added });
        Assert.Contains(diff.Changes, c => c.ItemId == "performance_monitoring" && c.Kind == ItemChangeKind.ControlsChanged
            && c.Detail.Contains("removed: ", StringComparison.Ordinal) && c.Detail.Contains("nist-ai-rmf:1.0:MEASURE-2.3", StringComparison.Ordinal));
        Assert.Contains(diff.Changes, c => c is { ItemId: "incidents_last_year", Kind: ItemChangeKind.ScoringChanged }
            && c.Detail.Contains("now a factual question", StringComparison.Ordinal));
        Assert.Contains(diff.Changes, c => c is { ItemId: "mfa_admin", Kind: ItemChangeKind.ScoringChanged } && c.Detail.Contains("now a key control", StringComparison.Ordinal));
    }
}
