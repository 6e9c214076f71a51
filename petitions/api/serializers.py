from rest_framework import serializers

from petitions.models import Event, Petition, PetitionParty


class PartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="petitioner.name")
    id_number = serializers.CharField(source="petitioner.id_number_masked")
    phone = serializers.CharField(source="petitioner.phone_masked")

    class Meta:
        model = PetitionParty
        fields = ["name", "id_number", "phone", "is_representative"]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    unit = serializers.StringRelatedField()
    action_label = serializers.CharField()

    class Meta:
        model = Event
        fields = [
            "id",
            "action",
            "action_label",
            "actor",
            "unit",
            "at",
            "note",
            "data",
            "state_before",
            "state_after",
        ]


class PetitionListSerializer(serializers.ModelSerializer):
    registered_unit = serializers.StringRelatedField()
    state_label = serializers.CharField(source="get_state_display")
    channel_label = serializers.CharField(source="get_channel_display")

    class Meta:
        model = Petition
        fields = [
            "id",
            "number",
            "title",
            "channel",
            "channel_label",
            "state",
            "state_label",
            "registered_at",
            "registered_unit",
            "problem_region",
            "due_at",
        ]


class PetitionDetailSerializer(PetitionListSerializer):
    parties = PartySerializer(many=True)
    events = EventSerializer(many=True)
    tags = serializers.StringRelatedField(many=True)

    class Meta(PetitionListSerializer.Meta):
        fields = PetitionListSerializer.Meta.fields + [
            "demands",
            "facts",
            "group_size",
            "residence_region",
            "case_number",
            "case_category",
            "case_stage",
            "cause_of_action",
            "flag_skip_level",
            "flag_to_beijing",
            "flag_to_province",
            "flag_group",
            "flag_repeat",
            "flag_abnormal",
            "flag_key_person",
            "tags",
            "settlement_state",
            "parties",
            "events",
        ]
