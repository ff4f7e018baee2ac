"""Contains all the data models used in inputs/outputs"""

from .access_denied_problem import AccessDeniedProblem
from .address_input_type_0 import AddressInputType0
from .age_band import AgeBand
from .audit_entry import AuditEntry
from .audit_entry_actor import AuditEntryActor
from .audit_entry_decision import AuditEntryDecision
from .audit_page import AuditPage
from .channel import Channel
from .channel_preference import ChannelPreference
from .channel_preference_source import ChannelPreferenceSource
from .channel_preference_update import ChannelPreferenceUpdate
from .conflict_problem import ConflictProblem
from .consent_batch import ConsentBatch
from .consent_batch_record import ConsentBatchRecord
from .consent_batch_result import ConsentBatchResult
from .consent_batch_result_results_item import ConsentBatchResultResultsItem
from .consent_batch_result_results_item_error import ConsentBatchResultResultsItemError
from .consent_counts import ConsentCounts
from .consent_decision import ConsentDecision
from .consent_not_applicable_problem import ConsentNotApplicableProblem
from .consent_overview import ConsentOverview
from .consent_overview_objections_item import ConsentOverviewObjectionsItem
from .consent_overview_objections_item_evidence import ConsentOverviewObjectionsItemEvidence
from .consent_record import ConsentRecord
from .consent_record_evidence import ConsentRecordEvidence
from .consent_recorded import ConsentRecorded
from .consent_state import ConsentState
from .consent_statistics import ConsentStatistics
from .consent_statistics_bucket import ConsentStatisticsBucket
from .consent_statistics_purposes_item import ConsentStatisticsPurposesItem
from .consent_statistics_purposes_item_current import ConsentStatisticsPurposesItemCurrent
from .consent_statistics_purposes_item_series_item import ConsentStatisticsPurposesItemSeriesItem
from .consent_statistics_purposes_item_series_item_points_item import ConsentStatisticsPurposesItemSeriesItemPointsItem
from .consent_status import ConsentStatus
from .contact_channel import ContactChannel
from .contact_decision import ContactDecision
from .contact_decision_batch_request import ContactDecisionBatchRequest
from .contact_decision_batch_result import ContactDecisionBatchResult
from .contact_decision_batch_result_counts import ContactDecisionBatchResultCounts
from .contact_decision_batch_result_decisions_item import ContactDecisionBatchResultDecisionsItem
from .contact_decision_batch_result_decisions_item_decision import ContactDecisionBatchResultDecisionsItemDecision
from .contact_decision_decision import ContactDecisionDecision
from .contact_decision_request import ContactDecisionRequest
from .create_subject import CreateSubject
from .created import Created
from .current_consent import CurrentConsent
from .deny_reason import DenyReason
from .dry_run_trigger_response_200 import DryRunTriggerResponse200
from .dry_run_trigger_response_200_held_back import DryRunTriggerResponse200HeldBack
from .dsr import Dsr
from .dsr_complete import DsrComplete
from .dsr_create import DsrCreate
from .dsr_export import DsrExport
from .dsr_export_format import DsrExportFormat
from .dsr_export_type_1 import DsrExportType1
from .dsr_export_type_1_format import DsrExportType1Format
from .dsr_fields import DsrFields
from .dsr_fields_export_type_0 import DsrFieldsExportType0
from .dsr_fields_export_type_0_format import DsrFieldsExportType0Format
from .dsr_history_entry import DsrHistoryEntry
from .dsr_history_entry_action import DsrHistoryEntryAction
from .dsr_page import DsrPage
from .dsr_page_counts import DsrPageCounts
from .dsr_reason_body import DsrReasonBody
from .dsr_status import DsrStatus
from .dsr_type import DsrType
from .dsr_verify import DsrVerify
from .dsr_with_history import DsrWithHistory
from .dsr_with_history_export_type_1 import DsrWithHistoryExportType1
from .dsr_with_history_export_type_1_format import DsrWithHistoryExportType1Format
from .erasure_receipt import ErasureReceipt
from .erasure_receipt_blocked import ErasureReceiptBlocked
from .erasure_receipt_kept import ErasureReceiptKept
from .erasure_receipt_removed import ErasureReceiptRemoved
from .event_batch import EventBatch
from .event_batch_result import EventBatchResult
from .event_input import EventInput
from .event_page import EventPage
from .event_properties import EventProperties
from .event_reject_reason import EventRejectReason
from .event_result import EventResult
from .evidence import Evidence
from .evidence_required_problem import EvidenceRequiredProblem
from .field_name import FieldName
from .field_problem import FieldProblem
from .get_consent_statistics_bucket import GetConsentStatisticsBucket
from .get_health_response_200 import GetHealthResponse200
from .gone_problem import GoneProblem
from .health import Health
from .health_behaviour import HealthBehaviour
from .health_status import HealthStatus
from .health_vault import HealthVault
from .identifier import Identifier
from .identifier_input import IdentifierInput
from .identifier_input_type import IdentifierInputType
from .identifier_taken_problem import IdentifierTakenProblem
from .identifier_type import IdentifierType
from .internal_problem import InternalProblem
from .invalid_purpose_problem import InvalidPurposeProblem
from .invalid_request_problem import InvalidRequestProblem
from .jwks import Jwks
from .jwks_keys_item import JwksKeysItem
from .legal_basis import LegalBasis
from .link_result import LinkResult
from .list_dsr_status import ListDsrStatus
from .list_notifications_response_200 import ListNotificationsResponse200
from .list_notifications_response_200_notifications_item import ListNotificationsResponse200NotificationsItem
from .list_notifications_response_200_notifications_item_action import (
    ListNotificationsResponse200NotificationsItemAction,
)
from .list_notifications_response_200_notifications_item_status import (
    ListNotificationsResponse200NotificationsItemStatus,
)
from .list_notifications_status import ListNotificationsStatus
from .list_triggers_response_200 import ListTriggersResponse200
from .merge_request import MergeRequest
from .merge_result import MergeResult
from .method_not_allowed_problem import MethodNotAllowedProblem
from .missing_purpose_problem import MissingPurposeProblem
from .not_found_problem import NotFoundProblem
from .objection_assessment import ObjectionAssessment
from .objection_assessment_outcome import ObjectionAssessmentOutcome
from .objection_assessment_request import ObjectionAssessmentRequest
from .objection_assessment_request_outcome import ObjectionAssessmentRequestOutcome
from .objection_in_force_problem import ObjectionInForceProblem
from .objection_recorded import ObjectionRecorded
from .objection_request import ObjectionRequest
from .objection_withdrawal_request import ObjectionWithdrawalRequest
from .objections_withdrawn import ObjectionsWithdrawn
from .parental_consent_required_problem import ParentalConsentRequiredProblem
from .payload_too_large_problem import PayloadTooLargeProblem
from .preferences import Preferences
from .preferences_channels import PreferencesChannels
from .preferences_quiet_hours_type_0 import PreferencesQuietHoursType0
from .preferences_quiet_hours_type_0_source import PreferencesQuietHoursType0Source
from .preferences_update import PreferencesUpdate
from .preferences_update_channels import PreferencesUpdateChannels
from .problem import Problem
from .problem_code import ProblemCode
from .processing_activity import ProcessingActivity
from .processing_activity_article import ProcessingActivityArticle
from .processing_purpose import ProcessingPurpose
from .processing_purpose_article import ProcessingPurposeArticle
from .profile import Profile
from .profile_attention_reasons_type_0_item import ProfileAttentionReasonsType0Item
from .profile_channels_type_0_item import ProfileChannelsType0Item
from .profile_consents_item import ProfileConsentsItem
from .profile_favourite_categories_type_0_item import ProfileFavouriteCategoriesType0Item
from .profile_orders_type_0 import ProfileOrdersType0
from .profile_rfm_type_0 import ProfileRfmType0
from .purpose_catalogue import PurposeCatalogue
from .purpose_catalogue_controller import PurposeCatalogueController
from .purpose_catalogue_purposes_item import PurposeCataloguePurposesItem
from .purpose_catalogue_purposes_item_article import PurposeCataloguePurposesItemArticle
from .purpose_catalogue_purposes_item_consent_type_0 import PurposeCataloguePurposesItemConsentType0
from .purpose_catalogue_purposes_item_say_no import PurposeCataloguePurposesItemSayNo
from .query_audit_action import QueryAuditAction
from .query_audit_decision import QueryAuditDecision
from .query_audit_order import QueryAuditOrder
from .quiet_hours import QuietHours
from .recipient import Recipient
from .recipient_recipient import RecipientRecipient
from .recommendation import Recommendation
from .recommendation_list import RecommendationList
from .rectification import Rectification
from .rectification_address import RectificationAddress
from .rectification_result import RectificationResult
from .restriction_ground import RestrictionGround
from .restriction_reason import RestrictionReason
from .restriction_request import RestrictionRequest
from .restriction_state import RestrictionState
from .rfm_segment import RfmSegment
from .role import Role
from .role_not_allowed_problem import RoleNotAllowedProblem
from .ropa import Ropa
from .ropa_controller_type_0 import RopaControllerType0
from .ropa_recipient import RopaRecipient
from .ropa_recipient_recipient import RopaRecipientRecipient
from .segment_conditions import SegmentConditions
from .segment_conditions_abc_classes_item import SegmentConditionsAbcClassesItem
from .segment_conditions_event_count_type_0 import SegmentConditionsEventCountType0
from .segment_counts import SegmentCounts
from .segment_counts_by_abc_class import SegmentCountsByAbcClass
from .segment_counts_by_rfm_segment import SegmentCountsByRfmSegment
from .segment_members import SegmentMembers
from .segment_query import SegmentQuery
from .stored_event import StoredEvent
from .stored_event_properties import StoredEventProperties
from .subject_batch import SubjectBatch
from .subject_batch_item_result import SubjectBatchItemResult
from .subject_batch_result import SubjectBatchResult
from .subject_data import SubjectData
from .subject_data_address import SubjectDataAddress
from .subject_export import SubjectExport
from .subject_export_contact import SubjectExportContact
from .subject_export_contact_preferences_type_0 import SubjectExportContactPreferencesType0
from .subject_export_contact_preferences_type_0_channels import SubjectExportContactPreferencesType0Channels
from .subject_export_contact_preferences_type_0_channels_additional_property import (
    SubjectExportContactPreferencesType0ChannelsAdditionalProperty,
)
from .subject_export_contact_preferences_type_0_quiet_hours import SubjectExportContactPreferencesType0QuietHours
from .subject_export_contact_suppressions_item import SubjectExportContactSuppressionsItem
from .subject_export_contact_suppressions_item_cause import SubjectExportContactSuppressionsItemCause
from .subject_export_inferred import SubjectExportInferred
from .subject_export_inferred_rfm_type_1 import SubjectExportInferredRfmType1
from .subject_export_objections_item import SubjectExportObjectionsItem
from .subject_export_personal_data import SubjectExportPersonalData
from .subject_export_personal_data_address import SubjectExportPersonalDataAddress
from .subject_export_processing import SubjectExportProcessing
from .subject_export_processing_automated_decisions import SubjectExportProcessingAutomatedDecisions
from .subject_export_processing_disclosures_item import SubjectExportProcessingDisclosuresItem
from .subject_export_restrictions_item import SubjectExportRestrictionsItem
from .subject_flags_item import SubjectFlagsItem
from .subject_read import SubjectRead
from .subject_ref import SubjectRef
from .subject_ref_identifier import SubjectRefIdentifier
from .too_many_requests_problem import TooManyRequestsProblem
from .transfer import Transfer
from .trigger import Trigger
from .unauthorized_problem import UnauthorizedProblem
from .undo_result import UndoResult
from .unknown_notice_problem import UnknownNoticeProblem
from .unknown_purpose_problem import UnknownPurposeProblem
from .unsupported_media_type_problem import UnsupportedMediaTypeProblem
from .validation_failed_problem import ValidationFailedProblem
from .verification import Verification
from .withheld import Withheld
from .withhold_reason import WithholdReason

__all__ = (
    "AccessDeniedProblem",
    "AddressInputType0",
    "AgeBand",
    "AuditEntry",
    "AuditEntryActor",
    "AuditEntryDecision",
    "AuditPage",
    "Channel",
    "ChannelPreference",
    "ChannelPreferenceSource",
    "ChannelPreferenceUpdate",
    "ConflictProblem",
    "ConsentBatch",
    "ConsentBatchRecord",
    "ConsentBatchResult",
    "ConsentBatchResultResultsItem",
    "ConsentBatchResultResultsItemError",
    "ConsentCounts",
    "ConsentDecision",
    "ConsentNotApplicableProblem",
    "ConsentOverview",
    "ConsentOverviewObjectionsItem",
    "ConsentOverviewObjectionsItemEvidence",
    "ConsentRecord",
    "ConsentRecorded",
    "ConsentRecordEvidence",
    "ConsentState",
    "ConsentStatistics",
    "ConsentStatisticsBucket",
    "ConsentStatisticsPurposesItem",
    "ConsentStatisticsPurposesItemCurrent",
    "ConsentStatisticsPurposesItemSeriesItem",
    "ConsentStatisticsPurposesItemSeriesItemPointsItem",
    "ConsentStatus",
    "ContactChannel",
    "ContactDecision",
    "ContactDecisionBatchRequest",
    "ContactDecisionBatchResult",
    "ContactDecisionBatchResultCounts",
    "ContactDecisionBatchResultDecisionsItem",
    "ContactDecisionBatchResultDecisionsItemDecision",
    "ContactDecisionDecision",
    "ContactDecisionRequest",
    "Created",
    "CreateSubject",
    "CurrentConsent",
    "DenyReason",
    "DryRunTriggerResponse200",
    "DryRunTriggerResponse200HeldBack",
    "Dsr",
    "DsrComplete",
    "DsrCreate",
    "DsrExport",
    "DsrExportFormat",
    "DsrExportType1",
    "DsrExportType1Format",
    "DsrFields",
    "DsrFieldsExportType0",
    "DsrFieldsExportType0Format",
    "DsrHistoryEntry",
    "DsrHistoryEntryAction",
    "DsrPage",
    "DsrPageCounts",
    "DsrReasonBody",
    "DsrStatus",
    "DsrType",
    "DsrVerify",
    "DsrWithHistory",
    "DsrWithHistoryExportType1",
    "DsrWithHistoryExportType1Format",
    "ErasureReceipt",
    "ErasureReceiptBlocked",
    "ErasureReceiptKept",
    "ErasureReceiptRemoved",
    "EventBatch",
    "EventBatchResult",
    "EventInput",
    "EventPage",
    "EventProperties",
    "EventRejectReason",
    "EventResult",
    "Evidence",
    "EvidenceRequiredProblem",
    "FieldName",
    "FieldProblem",
    "GetConsentStatisticsBucket",
    "GetHealthResponse200",
    "GoneProblem",
    "Health",
    "HealthBehaviour",
    "HealthStatus",
    "HealthVault",
    "Identifier",
    "IdentifierInput",
    "IdentifierInputType",
    "IdentifierTakenProblem",
    "IdentifierType",
    "InternalProblem",
    "InvalidPurposeProblem",
    "InvalidRequestProblem",
    "Jwks",
    "JwksKeysItem",
    "LegalBasis",
    "LinkResult",
    "ListDsrStatus",
    "ListNotificationsResponse200",
    "ListNotificationsResponse200NotificationsItem",
    "ListNotificationsResponse200NotificationsItemAction",
    "ListNotificationsResponse200NotificationsItemStatus",
    "ListNotificationsStatus",
    "ListTriggersResponse200",
    "MergeRequest",
    "MergeResult",
    "MethodNotAllowedProblem",
    "MissingPurposeProblem",
    "NotFoundProblem",
    "ObjectionAssessment",
    "ObjectionAssessmentOutcome",
    "ObjectionAssessmentRequest",
    "ObjectionAssessmentRequestOutcome",
    "ObjectionInForceProblem",
    "ObjectionRecorded",
    "ObjectionRequest",
    "ObjectionsWithdrawn",
    "ObjectionWithdrawalRequest",
    "ParentalConsentRequiredProblem",
    "PayloadTooLargeProblem",
    "Preferences",
    "PreferencesChannels",
    "PreferencesQuietHoursType0",
    "PreferencesQuietHoursType0Source",
    "PreferencesUpdate",
    "PreferencesUpdateChannels",
    "Problem",
    "ProblemCode",
    "ProcessingActivity",
    "ProcessingActivityArticle",
    "ProcessingPurpose",
    "ProcessingPurposeArticle",
    "Profile",
    "ProfileAttentionReasonsType0Item",
    "ProfileChannelsType0Item",
    "ProfileConsentsItem",
    "ProfileFavouriteCategoriesType0Item",
    "ProfileOrdersType0",
    "ProfileRfmType0",
    "PurposeCatalogue",
    "PurposeCatalogueController",
    "PurposeCataloguePurposesItem",
    "PurposeCataloguePurposesItemArticle",
    "PurposeCataloguePurposesItemConsentType0",
    "PurposeCataloguePurposesItemSayNo",
    "QueryAuditAction",
    "QueryAuditDecision",
    "QueryAuditOrder",
    "QuietHours",
    "Recipient",
    "RecipientRecipient",
    "Recommendation",
    "RecommendationList",
    "Rectification",
    "RectificationAddress",
    "RectificationResult",
    "RestrictionGround",
    "RestrictionReason",
    "RestrictionRequest",
    "RestrictionState",
    "RfmSegment",
    "Role",
    "RoleNotAllowedProblem",
    "Ropa",
    "RopaControllerType0",
    "RopaRecipient",
    "RopaRecipientRecipient",
    "SegmentConditions",
    "SegmentConditionsAbcClassesItem",
    "SegmentConditionsEventCountType0",
    "SegmentCounts",
    "SegmentCountsByAbcClass",
    "SegmentCountsByRfmSegment",
    "SegmentMembers",
    "SegmentQuery",
    "StoredEvent",
    "StoredEventProperties",
    "SubjectBatch",
    "SubjectBatchItemResult",
    "SubjectBatchResult",
    "SubjectData",
    "SubjectDataAddress",
    "SubjectExport",
    "SubjectExportContact",
    "SubjectExportContactPreferencesType0",
    "SubjectExportContactPreferencesType0Channels",
    "SubjectExportContactPreferencesType0ChannelsAdditionalProperty",
    "SubjectExportContactPreferencesType0QuietHours",
    "SubjectExportContactSuppressionsItem",
    "SubjectExportContactSuppressionsItemCause",
    "SubjectExportInferred",
    "SubjectExportInferredRfmType1",
    "SubjectExportObjectionsItem",
    "SubjectExportPersonalData",
    "SubjectExportPersonalDataAddress",
    "SubjectExportProcessing",
    "SubjectExportProcessingAutomatedDecisions",
    "SubjectExportProcessingDisclosuresItem",
    "SubjectExportRestrictionsItem",
    "SubjectFlagsItem",
    "SubjectRead",
    "SubjectRef",
    "SubjectRefIdentifier",
    "TooManyRequestsProblem",
    "Transfer",
    "Trigger",
    "UnauthorizedProblem",
    "UndoResult",
    "UnknownNoticeProblem",
    "UnknownPurposeProblem",
    "UnsupportedMediaTypeProblem",
    "ValidationFailedProblem",
    "Verification",
    "Withheld",
    "WithholdReason",
)
